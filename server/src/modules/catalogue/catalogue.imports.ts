import { and, eq, isNull } from "drizzle-orm";
import type { CreateItemBody, CreateOccupationBody, CreateStandardBody, StandardSubsidyType } from "../../../../shared/src/contracts/catalogue.ts";
import { standardSubsidyTypeLabels, standardSubsidyTypes, trainingModes } from "../../../../shared/src/contracts/catalogue.ts";
import { AppError } from "../../platform/http/errors.ts";
import { resolveCode } from "./catalogue.refs.ts";
import { findItemByCode, findOccupationByCode, versionsOf } from "./catalogue.repo.ts";
import { subsidyStandards } from "./catalogue.table.ts";
import type { ImportSpec } from "./import-runner.ts";
import { insertItemTx, insertVersionTx, patchItemTx, patchVersionTx } from "./items.service.ts";
import { upsertOccupationTx } from "./occupations.service.ts";
import { insertStandardTx, patchStandardTx } from "./standards.service.ts";

const OCC_CODE = /^\d-\d{2}-\d{2}-\d{2}$/;
const MODE_NAMES: Record<string, (typeof trainingModes)[number]> = { 线下: "offline", 线上: "online", 线上线下结合: "blended", 混合: "blended" };

export const occupationImport: ImportSpec<CreateOccupationBody> = {
  maxRows: 5000,
  columns: [
    { key: "edition", headers: ["大典版本", "版本"], required: true },
    { key: "code", headers: ["职业编码"], required: true },
    { key: "name", headers: ["职业名称"], required: true },
    { key: "digital", headers: ["数字职业(S)", "数字职业"] },
    { key: "green", headers: ["绿色职业(L)", "绿色职业"] },
    { key: "trades", headers: ["工种"] },
    { key: "note", headers: ["备注"] },
  ],
  parse(_row, _refs, p) {
    const edition = p.text("edition", true);
    if (edition !== null && edition !== "2015" && edition !== "2022") p.problem("edition", "bad_edition", "大典版本只能是 2015 或 2022");
    const code = p.text("code", true);
    if (code !== null && !OCC_CODE.test(code)) p.problem("code", "bad_code", "职业编码格式应为 D-DD-DD-DD");
    const name = p.text("name", true);
    const value = { digital: p.bool("digital", ["S"]), green: p.bool("green", ["L"]), trades: p.list("trades"), note: p.text("note") };
    if (!edition || !code || !name) return null;
    return { edition: Number(edition) as 2015 | 2022, code, name, ...value };
  },
  key: (v) => `${v.edition}:${v.code}`,
  apply: (tx, ctx, deps, _refs, v) => upsertOccupationTx(tx, ctx, deps.clock, v),
};

type ItemImport = CreateItemBody & { occupationRef: { edition: number; code: string } | null };

export const itemImport: ImportSpec<ItemImport> = {
  maxRows: 5000,
  fieldColumn: { occupationId: "occupationCode", minTheoryPercent: "theory", minPracticePercent: "practice" },
  columns: [
    { key: "code", headers: ["项目编号"], required: true },
    { key: "occupationCode", headers: ["职业编码"] },
    { key: "edition", headers: ["大典版本"] },
    { key: "tradeName", headers: ["工种"] },
    { key: "projectName", headers: ["专项项目名称"] },
    { key: "trainingType", headers: ["培训类型"], required: true },
    { key: "certificateTypes", headers: ["证书类型"], required: true },
    { key: "skillLevels", headers: ["技能等级"] },
    { key: "industryCode", headers: ["行业"] },
    { key: "programCodes", headers: ["服务计划项目"] },
    { key: "minHours", headers: ["最少课时"], required: true },
    { key: "maxHours", headers: ["最多课时"], required: true },
    { key: "theory", headers: ["理论最低占比(%)"], required: true },
    { key: "practice", headers: ["实操最低占比(%)"], required: true },
    { key: "modes", headers: ["培训方式"], required: true },
    { key: "effectiveFrom", headers: ["生效日期"], required: true },
    { key: "effectiveTo", headers: ["失效日期"] },
    { key: "note", headers: ["备注"] },
  ],
  parse(_row, refs, p) {
    const code = p.text("code", true);
    if (code !== null && !/^[A-Za-z0-9_-]{1,32}$/.test(code)) p.problem("code", "bad_code", "项目编号为 1–32 位字母、数字、下划线或连字符");
    const occCode = p.text("occupationCode");
    const edition = p.text("edition");
    if (occCode && !OCC_CODE.test(occCode)) p.problem("occupationCode", "bad_code", "职业编码格式应为 D-DD-DD-DD");
    if (occCode && edition !== "2015" && edition !== "2022") p.problem("edition", "bad_edition", "填写职业编码时须填写大典版本 2015 或 2022");
    const code2 = (key: string, map: Map<string, string>, what: string) => {
      const v = p.text(key, key === "trainingType");
      if (v === null) return null;
      const c = resolveCode(map, v);
      if (!c) p.problem(key, "unknown_code", `未知的${what}：${v}`);
      return c;
    };
    const trainingType = code2("trainingType", refs.trainingType, "培训类型");
    const industryCode = code2("industryCode", refs.industry, "行业");
    const codes = (key: string, map: Map<string, string>, what: string) =>
      p.list(key).map((v) => {
        const c = resolveCode(map, v);
        if (!c) p.problem(key, "unknown_code", `未知的${what}：${v}`);
        return c ?? v;
      });
    const certificateTypes = codes("certificateTypes", refs.certificateType, "证书类型");
    const skillLevels = codes("skillLevels", refs.skillLevel, "技能等级");
    const programCodes = p.list("programCodes");
    for (const c of programCodes) if (!refs.programs.has(c)) p.problem("programCodes", "unknown_code", `未知的计划项目：${c}`);
    const modes = p.list("modes").map((v) => {
      const m = MODE_NAMES[v] ?? trainingModes.find((x) => x === v);
      if (!m) p.problem("modes", "unknown_mode", `未知的培训方式：${v}`);
      return m ?? "offline";
    });
    if (!modes.length) p.problem("modes", "required", "必填");
    const minHours = p.int("minHours", { required: true, min: 1, max: 5000 });
    const maxHours = p.int("maxHours", { required: true, min: 1, max: 5000 });
    const theory = p.int("theory", { required: true, max: 100 });
    const practice = p.int("practice", { required: true, max: 100 });
    const effectiveFrom = p.date("effectiveFrom", true);
    const effectiveTo = p.date("effectiveTo");
    if (!code || !trainingType || minHours === null || maxHours === null || theory === null || practice === null || !effectiveFrom) return null;
    return {
      code,
      occupationRef: occCode ? { edition: Number(edition), code: occCode } : null,
      tradeName: p.text("tradeName"),
      projectName: p.text("projectName"),
      trainingType,
      certificateTypes: certificateTypes as string[],
      skillLevels: skillLevels as CreateItemBody["skillLevels"],
      industryCode,
      programCodes,
      firstVersion: { effectiveFrom, effectiveTo, minHours, maxHours, minTheoryPercent: theory, minPracticePercent: practice, modes, note: p.text("note") },
    };
  },
  key: (v) => `${v.code}:${v.firstVersion.effectiveFrom}`,
  async apply(tx, ctx, deps, refs, v) {
    let occupationId: string | null = null;
    if (v.occupationRef) {
      const occ = await findOccupationByCode(tx, v.occupationRef.edition, v.occupationRef.code);
      if (!occ) throw new AppError("occupation.not_found", `${v.occupationRef.edition} 版大典中没有职业编码 ${v.occupationRef.code}，请先导入职业`);
      occupationId = occ.id;
    }
    const { occupationRef: _r, firstVersion, code, ...fields } = v;
    const input = { ...fields, occupationId };
    const existing = await findItemByCode(tx, code);
    if (!existing) {
      await insertItemTx(tx, ctx, deps.clock, refs, { ...input, code, firstVersion });
      return "created";
    }
    const itemOutcome = await patchItemTx(tx, ctx, deps.clock, refs, existing, input);
    const item = itemOutcome === "updated" ? ((await findItemByCode(tx, code)) ?? existing) : existing;
    const version = (await versionsOf(tx, [item.id])).find((x) => x.effectiveFrom === firstVersion.effectiveFrom);
    if (!version) {
      await insertVersionTx(tx, ctx, deps.clock, item, firstVersion);
      return "updated";
    }
    const vOutcome = await patchVersionTx(tx, ctx, deps.clock, item, version, { ...firstVersion, effectiveTo: firstVersion.effectiveTo ?? null, note: firstVersion.note ?? null });
    return itemOutcome === "updated" || vOutcome === "updated" ? "updated" : "unchanged";
  },
};

type StandardImport = Omit<CreateStandardBody, "itemId" | "subsidyType"> & { itemCode: string; subsidyType: StandardSubsidyType };

/** 培训补贴 / 评价补贴 (also 鉴定评价补贴, 鉴定补贴, or the code); empty = 培训补贴 */
function resolveSubsidyType(v: string): StandardSubsidyType | null {
  const alias: Record<string, StandardSubsidyType> = { 鉴定评价补贴: "evaluation", 鉴定补贴: "evaluation", 技能评价补贴: "evaluation" };
  return standardSubsidyTypes.find((t) => t === v || standardSubsidyTypeLabels[t] === v) ?? alias[v] ?? null;
}

export const standardImport: ImportSpec<StandardImport> = {
  maxRows: 20000,
  fieldColumn: { itemId: "itemCode", amountFen: "amount", shortageFactorPercent: "shortage", onlineFactorPercent: "online", blendedFactorPercent: "blended" },
  regionColumns: ["regionCode"],
  columns: [
    { key: "itemCode", headers: ["项目编号"], required: true },
    { key: "subsidyType", headers: ["补贴类型"] },
    { key: "regionCode", headers: ["地区代码"], required: true },
    { key: "certificateType", headers: ["证书类型"], required: true },
    { key: "skillLevel", headers: ["技能等级"] },
    { key: "amount", headers: ["补贴标准(元)", "补贴标准（元）"], required: true },
    { key: "shortage", headers: ["紧缺系数(%)"] },
    { key: "online", headers: ["线上系数(%)"] },
    { key: "blended", headers: ["线上线下结合系数(%)"] },
    { key: "effectiveFrom", headers: ["生效日期"], required: true },
    { key: "effectiveTo", headers: ["失效日期"] },
    { key: "note", headers: ["备注"] },
  ],
  parse(_row, refs, p) {
    const itemCode = p.text("itemCode", true);
    const typeRaw = p.text("subsidyType");
    const subsidyType = typeRaw === null ? "training" : resolveSubsidyType(typeRaw);
    if (!subsidyType) p.problem("subsidyType", "unknown_subsidy_type", `未知的补贴类型：${typeRaw}（应为 培训补贴 或 评价补贴）`);
    const regionCode = p.text("regionCode", true);
    if (regionCode !== null && !/^\d{6}$/.test(regionCode)) p.problem("regionCode", "bad_region", "地区代码须为 6 位行政区划代码");
    const certRaw = p.text("certificateType", true);
    const certificateType = certRaw === null ? null : resolveCode(refs.certificateType, certRaw);
    if (certRaw !== null && !certificateType) p.problem("certificateType", "unknown_code", `未知的证书类型：${certRaw}`);
    const levelRaw = p.text("skillLevel");
    const skillLevel = levelRaw === null ? null : resolveCode(refs.skillLevel, levelRaw);
    if (levelRaw !== null && !skillLevel) p.problem("skillLevel", "unknown_code", `未知的技能等级：${levelRaw}`);
    const amountFen = p.yuanToFen("amount");
    const shortage = p.int("shortage", { min: 1, max: 200, fallback: 100 });
    const online = p.int("online", { max: 200, fallback: 100 });
    const blended = p.int("blended", { max: 200, fallback: 100 });
    const effectiveFrom = p.date("effectiveFrom", true);
    const effectiveTo = p.date("effectiveTo");
    if (!itemCode || !subsidyType || !regionCode || !certificateType || amountFen === null || shortage === null || online === null || blended === null || !effectiveFrom) return null;
    return {
      itemCode,
      subsidyType,
      regionCode,
      certificateType,
      skillLevel: skillLevel as CreateStandardBody["skillLevel"],
      amountFen,
      shortageFactorPercent: shortage,
      onlineFactorPercent: online,
      blendedFactorPercent: blended,
      effectiveFrom,
      effectiveTo,
      note: p.text("note"),
    };
  },
  key: (v) => [v.subsidyType, v.itemCode, v.regionCode, v.certificateType, v.skillLevel ?? "", v.effectiveFrom].join(":"),
  async apply(tx, ctx, deps, _refs, v) {
    const item = await findItemByCode(tx, v.itemCode);
    if (!item) throw new AppError("catalogue.item_not_found", `没有项目编号为 ${v.itemCode} 的培训项目`);
    const { itemCode: _c, ...rest } = v;
    const [existing] = await tx
      .select()
      .from(subsidyStandards)
      .where(
        and(
          eq(subsidyStandards.subsidyType, v.subsidyType),
          eq(subsidyStandards.itemId, item.id),
          eq(subsidyStandards.regionCode, v.regionCode),
          eq(subsidyStandards.certificateType, v.certificateType),
          v.skillLevel ? eq(subsidyStandards.skillLevel, v.skillLevel) : isNull(subsidyStandards.skillLevel),
          eq(subsidyStandards.effectiveFrom, v.effectiveFrom),
        ),
      )
      .limit(1);
    if (!existing) {
      await insertStandardTx(tx, ctx, deps.clock, { ...rest, itemId: item.id });
      return "created";
    }
    const { subsidyType: _s, regionCode: _g, certificateType: _t, skillLevel: _l, ...patch } = rest;
    return patchStandardTx(tx, ctx, deps.clock, existing, { ...patch, effectiveTo: patch.effectiveTo ?? null, note: patch.note ?? null });
  },
};
