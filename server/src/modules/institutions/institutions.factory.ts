/** Test helpers: valid codes and an institution that registered through the public endpoint. */
import { creditCheckChar } from "../../../../shared/src/ids.ts";
import { makeIdNumber } from "../trainees/trainees.factory.ts";
import { grant, makeUser, uniqueName } from "../../../test/factories.ts";
import { anonymous, login, type Session, type TestEnv } from "../../../test/harness.ts";

const CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
let seq = 0;

/** a valid, unique unified social credit code (52 = 民办非企业, 220102 county) */
export function creditCode(region = "220102"): string {
  seq++;
  let body = `52${region}`;
  let n = seq * 7919 + Math.floor(Math.random() * 1e6);
  for (let i = 0; i < 9; i++) {
    body += CREDIT_ALPHABET[n % 31];
    n = Math.floor(n / 31) + i * 13;
  }
  return body + creditCheckChar(body);
}

/** a valid resident ID number born on `birth` (YYYYMMDD); the one generator is trainees.factory.ts */
export function idNumber(birth = "19850615", seqNo = "123"): string {
  return makeIdNumber({ region: "220102", birth, seq: Number(seqNo) });
}

export const STAFF_PASSWORD = "Jigong-2026!ok";

export function registration(o: { regionCode?: string; role?: "training" | "evaluation" | "both"; username?: string; name?: string; programCodes?: string[] } = {}) {
  const regionCode = o.regionCode ?? "220102";
  return {
    creditCode: creditCode(regionCode),
    name: o.name ?? `测试职业培训学校${uniqueName("")}`,
    type: "private_school",
    role: o.role ?? "training",
    regionCode,
    address: "长春市南关区人民大街 1 号",
    publicPhone: "0431-88886666",
    licenceNo: "教民122010270000001",
    licenceValidUntil: "2029-12-31",
    contactName: "王老师",
    contactPhone: "13900001111",
    bankAccountName: "测试职业培训学校",
    bankName: "中国工商银行长春南关支行",
    bankAccountNumber: "6222020200112233445",
    programCodes: o.programCodes ?? ["K1"],
    username: o.username ?? uniqueName("inst"),
    password: STAFF_PASSWORD,
  };
}

export interface Registered {
  id: string;
  username: string;
  body: ReturnType<typeof registration>;
  staff: () => Promise<Session>;
}

export async function register(env: TestEnv, o: Parameters<typeof registration>[0] = {}): Promise<Registered> {
  const body = registration(o);
  const res = await anonymous(env.app).post("/api/public/institutions/register", body);
  if (res.statusCode !== 201) throw new Error(`registration failed: ${res.statusCode} ${res.body}`);
  return { id: res.json().institution.id, username: body.username, body, staff: () => login(env.app, body.username, STAFF_PASSWORD) };
}

/** An approved institution with one qualification (6-18-01-01 车工 up to level 3), approved by a county officer. */
export async function approvedInstitution(env: TestEnv, o: Parameters<typeof registration>[0] = {}) {
  const r = await register(env, o);
  const staff = await r.staff();
  const q = await staff.post(`/api/institutions/${r.id}/qualifications`, { occupationCode: "6-18-01-01", occupationName: "车工", maxLevel: 3, capacity: 60 });
  if (q.statusCode !== 201) throw new Error(`qualification failed: ${q.body}`);
  const officerUser = await makeUser(env, { regionCode: r.body.regionCode, grants: [grant.officer(r.body.regionCode)] });
  const officer = await officerUser.session();
  const a = await officer.post(`/api/institutions/${r.id}/transitions`, { action: "approve" });
  if (a.statusCode !== 200) throw new Error(`approve failed: ${a.body}`);
  return { ...r, officer, officerUser, staffSession: staff };
}
