import { configDefaults, defineConfig } from "vitest/config";

/**
 * `*.slow.db.test.ts` (real server processes, kill -9, backup round trips: a minute or more each)
 * run only in `npm run test:slow`, which sets SLOW_TESTS=1; CI (.ci/run) runs it after `npm test`.
 */
const slow = process.env.SLOW_TESTS ? [] : ["**/*.slow.db.test.ts"];

const dbProjects = [
  {
    test: {
      name: "db",
      include: ["server/**/*.db.test.ts"],
      exclude: [...configDefaults.exclude, ...slow],
      globalSetup: ["server/test/global-setup.ts"],
      env: { TEST_DB: "pglite" },
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  },
];
if (process.env.TEST_DATABASE_URL) {
  dbProjects.push({
    test: {
      name: "db-postgres",
      include: ["server/**/*.db.test.ts"],
      exclude: [...configDefaults.exclude, ...slow],
      globalSetup: ["server/test/global-setup.ts"],
      env: { TEST_DB: "postgres" },
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  });
}

export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["server/**/*.test.ts", "shared/**/*.test.ts", "web/src/**/*.test.ts"], exclude: ["**/*.db.test.ts", "**/node_modules/**"] } },
      ...dbProjects,
      {
        test: {
          name: "e2e",
          include: ["e2e/**/*.e2e.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
