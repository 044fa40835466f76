/** The routes' table check is the store's (store/table-exists.ts). */
export { tableExists } from "../../store/table-exists.js";
