import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./server/src/**/*.table.ts",
  out: process.env.MIGRATIONS_OUT ?? "./server/migrations",
});
