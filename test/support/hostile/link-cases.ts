/**
 * Group 3: article links a feed can carry. One feed on the hostile server lists them all, each item with
 * a summary that states its own toll; the monitor must refuse every private or non-http target (the SSRF
 * guard for http(s) links; the feed parser already drops other schemes), read the summary instead, and
 * say which URL it refused. Every hostile path is under /hostile/, which the server must never see.
 * The suite's client allows only the names wire.test and news.test, never an address.
 */
export interface LinkCase {
  name: string;
  /** The link as the feed writes it; PORT is the hostile server's port. */
  link: string;
  /** "refused": fetched behind the guard and refused; "dropped": not http(s), never fetched. */
  outcome: "refused" | "dropped";
  /** What the warning must name, when it is not the link as the URL parser writes it. */
  names?: string[];
}

export const LINK_CASES: LinkCase[] = [
  {
    name: "the cloud metadata address",
    link: "http://169.254.169.254/hostile/latest/meta-data/",
    outcome: "refused",
  },
  {
    name: "the metadata token endpoint, with a port",
    link: "http://169.254.169.254:80/hostile/api/token",
    outcome: "refused",
  },
  {
    name: "the metadata address mapped into IPv6",
    link: "http://[::ffff:169.254.169.254]/hostile/",
    outcome: "refused",
  },
  {
    name: "the metadata address mapped, in hex",
    link: "http://[::ffff:a9fe:a9fe]/hostile/",
    outcome: "refused",
  },
  { name: "localhost", link: "http://localhost:PORT/hostile/", outcome: "refused" },
  { name: "LOCALHOST in capitals", link: "http://LOCALHOST:PORT/hostile/", outcome: "refused" },
  { name: "a subdomain of localhost", link: "http://news.localhost:PORT/hostile/", outcome: "refused" },
  { name: "localhost with a trailing dot", link: "http://localhost.:PORT/hostile/", outcome: "refused" },
  {
    name: "127.0.0.1, the test server's own address",
    link: "http://127.0.0.1:PORT/hostile/",
    outcome: "refused",
  },
  { name: "https to 127.0.0.1", link: "https://127.0.0.1:PORT/hostile/", outcome: "refused" },
  { name: "127.0.0.2", link: "http://127.0.0.2:PORT/hostile/", outcome: "refused" },
  { name: "127.1, the short form", link: "http://127.1:PORT/hostile/", outcome: "refused" },
  {
    name: "2130706433, loopback as one decimal",
    link: "http://2130706433:PORT/hostile/",
    outcome: "refused",
  },
  { name: "0x7f.0.0.1, loopback in hex", link: "http://0x7f.0.0.1:PORT/hostile/", outcome: "refused" },
  { name: "0177.0.0.1, loopback in octal", link: "http://0177.0.0.1:PORT/hostile/", outcome: "refused" },
  { name: "0.0.0.0", link: "http://0.0.0.0:PORT/hostile/", outcome: "refused" },
  { name: "0, the shortest 0.0.0.0", link: "http://0:PORT/hostile/", outcome: "refused" },
  { name: "[::1]", link: "http://[::1]:PORT/hostile/", outcome: "refused" },
  { name: "[::1] written out in full", link: "http://[0:0:0:0:0:0:0:1]:PORT/hostile/", outcome: "refused" },
  { name: "127.0.0.1 mapped into IPv6", link: "http://[::ffff:127.0.0.1]:PORT/hostile/", outcome: "refused" },
  { name: "127.0.0.1 through NAT64", link: "http://[64:ff9b::7f00:1]:PORT/hostile/", outcome: "refused" },
  { name: "the unspecified IPv6 address", link: "http://[::]:PORT/hostile/", outcome: "refused" },
  { name: "10.0.0.5", link: "http://10.0.0.5/hostile/", outcome: "refused" },
  { name: "10.255.255.255", link: "http://10.255.255.255/hostile/", outcome: "refused" },
  { name: "172.16.0.1", link: "http://172.16.0.1/hostile/", outcome: "refused" },
  { name: "172.31.255.254", link: "http://172.31.255.254/hostile/", outcome: "refused" },
  { name: "192.168.1.1", link: "http://192.168.1.1/hostile/", outcome: "refused" },
  { name: "100.64.0.1, carrier-grade NAT", link: "http://100.64.0.1/hostile/", outcome: "refused" },
  { name: "a unique-local IPv6 address", link: "http://[fd00::1]/hostile/", outcome: "refused" },
  { name: "a link-local IPv6 address", link: "http://[fe80::1]/hostile/", outcome: "refused" },
  { name: "a multicast address", link: "http://224.0.0.1/hostile/", outcome: "refused" },
  { name: "the broadcast address", link: "http://255.255.255.255/hostile/", outcome: "refused" },
  {
    name: "an allowed host with credentials",
    link: "http://admin:admin@wire.test:PORT/hostile/",
    outcome: "refused",
  },
  {
    name: "a public-looking name that resolves to 127.0.0.3",
    link: "http://rebind.test:PORT/hostile/",
    outcome: "refused",
  },
  {
    name: "a public-looking name that resolves to ::1",
    link: "http://six.test:PORT/hostile/",
    outcome: "refused",
  },
  {
    name: "a protocol-relative link to the metadata address",
    link: "//169.254.169.254/hostile/latest",
    outcome: "refused",
    names: ["http://169.254.169.254/hostile/latest"],
  },
  {
    name: "an allowed host redirecting to the metadata address",
    link: "http://wire.test:PORT/redirect/metadata",
    outcome: "refused",
    names: ["http://wire.test:PORT/redirect/metadata", "169.254.169.254"],
  },
  {
    name: "an allowed host redirecting to a name that resolves to 127.0.0.3",
    link: "http://wire.test:PORT/redirect/rebind",
    outcome: "refused",
    names: ["http://wire.test:PORT/redirect/rebind", "rebind.test"],
  },
  {
    name: "an allowed host redirecting to file:///etc/passwd",
    link: "http://wire.test:PORT/redirect/file",
    outcome: "refused",
    names: ["http://wire.test:PORT/redirect/file", "file:///etc/passwd"],
  },
  // Not /etc/passwd: a dropped link is checked by its absence from every warning, and the redirect case
  // above must name file:///etc/passwd in its own.
  { name: "file:///etc/hostname", link: "file:///etc/hostname", outcome: "dropped" },
  { name: "javascript:", link: "javascript:fetch('http://169.254.169.254/hostile/')", outcome: "dropped" },
  { name: "data:", link: "data:text/html;base64,PHA+aGk8L3A+", outcome: "dropped" },
  {
    name: "gopher: to the test server",
    link: "gopher://127.0.0.1:PORT/_GET%20/hostile/",
    outcome: "dropped",
  },
  { name: "ftp:", link: "ftp://wire.test/hostile/file", outcome: "dropped" },
];

/** Where the redirecting links above send the client. */
export const REDIRECTS: Record<string, (port: number) => string> = {
  "/redirect/metadata": () => "http://169.254.169.254/hostile/latest/meta-data/",
  "/redirect/rebind": (port) => `http://rebind.test:${port}/hostile/`,
  "/redirect/file": () => "file:///etc/passwd",
};

/** Parties the extractor knows, one per case, so that each summary's toll opens its own tally. */
export const PARTIES = [
  "Peru",
  "Chile",
  "Kenya",
  "Nepal",
  "Ghana",
  "Norway",
  "Fiji",
  "Mali",
  "Chad",
  "Laos",
  "Oman",
  "Togo",
  "Cuba",
  "Malawi",
  "Zambia",
  "Bolivia",
  "Ecuador",
  "Uruguay",
  "Paraguay",
  "Honduras",
  "Panama",
  "Belize",
  "Jamaica",
  "Haiti",
  "Senegal",
  "Gabon",
  "Benin",
  "Niger",
  "Angola",
  "Namibia",
  "Botswana",
  "Lesotho",
  "Eswatini",
  "Madagascar",
  "Mongolia",
  "Bhutan",
  "Brunei",
  "Samoa",
  "Tonga",
  "Vanuatu",
  "Estonia",
  "Latvia",
  "Malta",
  "Cyprus",
];
