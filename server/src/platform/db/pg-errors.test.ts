import { describe, expect, it } from "vitest";
import { fromDatabaseError, isConnectionLost } from "./pg-errors.ts";

/** drizzle wraps the driver's error: "Failed query: …" with the original in `cause` */
const wrapped = (cause: unknown) => Object.assign(new Error("Failed query: select 1\nparams: "), { cause });

describe("a lost connection is told apart from every other database error", () => {
  it.each([
    ["terminated by an administrator (57P01), wrapped by drizzle", wrapped(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }))],
    ["the server is starting or stopping (57P03)", Object.assign(new Error("the database system is shutting down"), { code: "57P03" })],
    ["a connection exception (08006)", Object.assign(new Error("connection failure"), { code: "08006" })],
    ["the socket reset", wrapped(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }))],
    ["connection refused while the server is down", Object.assign(new AggregateError([], "connect ECONNREFUSED"), { code: "ECONNREFUSED" })],
    ["node-pg: the connection ended under a query", new Error("Connection terminated unexpectedly")],
    ["node-pg: a client after its connection failed", wrapped(new Error("Client has encountered a connection error and is not queryable"))],
  ])("%s → 503 db.unavailable", (_what, err) => {
    expect(isConnectionLost(err)).toBe(true);
    expect(fromDatabaseError(err)).toMatchObject({ code: "db.unavailable", status: 503 });
  });

  it.each([
    ["a unique violation", Object.assign(new Error("duplicate key"), { code: "23505" })],
    ["a serialization failure", Object.assign(new Error("could not serialize"), { code: "40001" })],
    ["a read-only transaction (a write sent to the replica)", Object.assign(new Error("cannot execute INSERT in a read-only transaction"), { code: "25006" })],
    ["an ordinary programming error", new TypeError("x is undefined")],
  ])("%s is not a lost connection", (_what, err) => {
    expect(isConnectionLost(err)).toBe(false);
    expect(fromDatabaseError(err)?.code).not.toBe("db.unavailable");
  });
});
