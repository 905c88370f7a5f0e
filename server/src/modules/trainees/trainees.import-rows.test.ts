import { describe, expect, it } from "vitest";
import { readTable } from "../../platform/spreadsheet/index.ts";
import { badChecksum, makeIdNumber } from "./trainees.factory.ts";
import { checkRows, rosterColumns } from "./trainees.import-rows.ts";

const regions = new Map<string, "province" | "city" | "county">([
  ["220000", "province"],
  ["220102", "county"],
  ["220103", "county"],
]);
const opts = { today: "2026-03-02", regions, lookupHash: (s: string) => `h:${s}`, mayRegister: (r: string) => r !== "220103" };

const csv = (lines: string[]) => Buffer.from(`${["身份证号", "姓名", "性别", "居住地区划代码", "人员类别", "证明方式", "名册名称或承诺书编号", "证明日期"].join(",")}\n${lines.join("\n")}\n`);

describe("roster rows", () => {
  it("lists every row's problem with its row number and column", async () => {
    const ok = makeIdNumber({ seq: 11 });
    const dup = makeIdNumber({ seq: 13 });
    const table = await readTable(
      csv([
        `${ok},张三,男,220102,城镇登记失业人员,名册比对,南关区失业名册,2026-01-10`,
        `${badChecksum(makeIdNumber({ seq: 15 }))},李四,,220102,,,,`,
        `${dup},王五,,220102,,,,`,
        `${dup},王五,,220102,,,,`,
        `,赵六,,,,,,`,
        `${makeIdNumber({ seq: 17 })},钱七,,229999,,,,`,
        `${makeIdNumber({ seq: 19 })},孙八,,220103,,,,`,
        `${makeIdNumber({ seq: 21 })},周九,,220102,残疾人,,,`,
        `${makeIdNumber({ seq: 23 })},吴十,=A1,220102,,,,`,
      ]),
      "roster.csv",
      { columns: rosterColumns, maxRows: 100 },
    );
    const { parsed, problems } = checkRows(table, opts);
    expect(parsed.map((p) => p.row)).toEqual([2, 4]);
    expect(parsed[0]!.category).toEqual({ code: "urban_unemployed", evidenceType: "registry_match", evidenceRef: "南关区失业名册", evidenceDate: "2026-01-10" });
    expect(problems.map((p) => `${p.row}:${p.column}:${p.code}`)).toEqual([
      "3:身份证号:id_checksum",
      "5:身份证号:duplicate_in_file",
      "6:身份证号:required",
      "6:居住地区划代码:required",
      "7:居住地区划代码:unknown_region",
      "8:居住地区划代码:outside_scope",
      "9:证明方式:required",
      "9:名册名称或承诺书编号:required",
      "9:证明日期:required",
      "10:性别:formula",
    ]);
    expect(problems.find((p) => p.code === "duplicate_in_file")!.message).toContain("第 4 行");
  });
});
