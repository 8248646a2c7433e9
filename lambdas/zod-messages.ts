/**
 * The handlers validate with zod's tree-shakable build ("zod/mini"): a fifth of the classic API's weight
 * in a bundle. It ships without messages; this gives it the English ones. Imported for its effect.
 */
import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

config(en());
