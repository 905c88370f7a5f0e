/**
 * The stage of the class-lifecycle journey, set by API (it is not what the journey tests): an
 * approved training-and-evaluation institution with a 车工 qualification and a teacher, a
 * published catalogue item with a version and a standard, two persons registered by the
 * institution, and a county officer.
 */
import { creditCheckChar, idCheckChar } from "../shared/src/ids.ts";
import { ApiSession, createReadyOfficer } from "./support.ts";

export const STAFF = { username: "jl.school", password: "School-Kx7#2026" };
export const OFFICER = { username: "ng.review", password: "Review-Kx7#2026", name: "南关审核员" };
export const REGION = "220102";

export const idNumber = (birth: string, seq: string) => `220102${birth}${seq}${idCheckChar(`220102${birth}${seq}`)}`;
const creditCode = (body: string) => `52220102${body}${creditCheckChar(`52220102${body}`)}`;

export interface ClassWorld {
  institutionId: string;
  institutionName: string;
  teacherName: string;
  teacherId: string;
  itemId: string;
  itemLabel: string;
  persons: { id: string; name: string; idNumber: string }[];
}

export async function setUpClassWorld(baseUrl: string, admin: ApiSession, effectiveFrom: string): Promise<ClassWorld> {
  const institutionName = "长春市南关区红旗职业培训学校";
  const reg = await fetch(`${baseUrl}/api/public/institutions/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      creditCode: creditCode("MA0000001"),
      role: "both",
      regionCode: REGION,
      name: institutionName,
      type: "private_school",
      address: "长春市南关区人民大街 100 号",
      licenceNo: "教民122010270000100",
      licenceValidUntil: "2030-12-31",
      contactName: "王校长",
      contactPhone: "13900001111",
      bankAccountName: institutionName,
      bankName: "中国工商银行长春分行",
      bankAccountNumber: "6222020200112233445",
      programCodes: ["K1"],
      username: STAFF.username,
      password: STAFF.password,
    }),
  });
  if (reg.status !== 201) throw new Error(`institution registration failed: ${reg.status} ${await reg.text()}`);
  const institutionId = ((await reg.json()) as { institution: { id: string } }).institution.id;
  const staff = await ApiSession.login(baseUrl, STAFF.username, STAFF.password);
  await staff.call("POST", `/api/institutions/${institutionId}/qualifications`, { occupationCode: "6-18-01-01", occupationName: "车工", maxLevel: 3, capacity: 60 });
  const teacherName = "李明";
  const teacher = await staff.call<{ id: string }>("POST", `/api/institutions/${institutionId}/teachers`, { name: teacherName, idNumber: idNumber("19800101", "123"), qualifications: "车工技师", employment: "full_time" });
  await admin.call("POST", `/api/institutions/${institutionId}/transitions`, { action: "approve" });

  const occ = await admin.call<{ items: { id: string; code: string; edition: number }[] }>("GET", "/api/occupations?q=6-18-01-01");
  let occupationId = occ.items.find((o) => o.code === "6-18-01-01")?.id;
  if (!occupationId) occupationId = (await admin.call<{ id: string }>("POST", "/api/occupations", { edition: 2015, code: "6-18-01-01", name: "车工" })).id;
  const item = await admin.call<{ id: string; code: string; displayName: string }>("POST", "/api/catalogue/items", {
    code: "CG-2026-01",
    occupationId,
    trainingType: "employment",
    certificateTypes: ["skill_level", "training_completion"],
    skillLevels: ["5", "4", "3"],
    programCodes: ["K1"],
    firstVersion: { effectiveFrom, minHours: 8, maxHours: 100, minTheoryPercent: 20, minPracticePercent: 50, modes: ["offline"] },
  });
  await admin.call("POST", `/api/catalogue/items/${item.id}/publish`);
  await admin.call("POST", "/api/standards", { itemId: item.id, regionCode: "220000", certificateType: "skill_level", skillLevel: "4", amountFen: 150000, effectiveFrom });

  const persons = [];
  for (const [name, birth, seq] of [
    ["张伟", "19900307", "031"],
    ["刘芳", "19920615", "042"],
  ] as const) {
    const id = idNumber(birth, seq);
    const r = await staff.call<{ person: { id: string } }>("POST", "/api/persons", { idNumber: id, name, residenceRegionCode: REGION, phone: "13800000000" });
    persons.push({ id: r.person.id, name, idNumber: id });
  }
  await createReadyOfficer(admin, baseUrl, OFFICER.username, OFFICER.name, REGION, OFFICER.password);
  return { institutionId, institutionName, teacherName, teacherId: teacher.id, itemId: item.id, itemLabel: `${item.code} ${item.displayName}`, persons };
}
