import pkg from "../package.json" with { type: "json" };

export const VERSION: string = pkg.version;
export const USER_AGENT = `TollWatch/${VERSION} (self-hosted casualty-toll monitor; +https://www.npmjs.com/package/tollwatch)`;
