import { PGlite } from "@electric-sql/pglite";
const a = new PGlite();
await a.exec("create table t(x int); insert into t values (1)");
const d = await a.dumpDataDir("none");
console.log(d.type, d.size);
const b = new PGlite({ loadDataDir: d });
console.log(await b.query("select * from t"));
const c = new PGlite(undefined, { loadDataDir: d });
console.log(await c.query("select * from t").catch(e=>e.message));
