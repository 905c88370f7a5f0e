/**
 * The stage of the check-in journey, set up through the API only: an approved training
 * institution (qualification, teacher), a published catalogue item, two registered trainees, and
 * a class with one session around real "now" at known coordinates, submitted and approved by the
 * county officer. The server's clock stands SHIFT_DAYS in the past while the class is filed (the
 * application must come 5 working days ahead), then jumps to real time.
 */
import { creditCheckChar, idCheckChar } from "../shared/src/ids.ts";
import type { ShiftedPlatform } from "./shifted-platform.ts";
import { ADMIN_PASSWORD, ApiSession, createReadyOfficer } from "./support.ts";

export const SHIFT_DAYS = 21;
export const SITE = { lat: 43.88, lng: 125.32, radius: 300 };
export const STAFF = { username: "xw.staff", password: "Xinwang-Peixun#2026" };
export const OFFICER = { username: "ng.kaoqin", password: "Nanguan-Kq#2026" };
const PROJECT = "电工安全操作专项能力";

const DAY = 86_400_000;
/** China (UTC+8) calendar date and HH:MM of an instant */
const chinaDate = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
const chinaTime = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(11, 16);

function creditCode(): string {
  const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  let body = "52220102";
  for (let i = 0; i < 9; i++) body += alphabet[Math.floor(Math.random() * 31)];
  return body + creditCheckChar(body);
}

function idNumber(birth: string, seq: number): string {
  const first = `220102${birth}${String(seq).padStart(3, "0")}`;
  return first + idCheckChar(first);
}

async function publicPost<T>(base: string, url: string, body: unknown): Promise<T> {
  const res = await fetch(`${base}${url}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${url} failed: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

export interface CheckinWorld {
  classId: string;
  sessionId: string;
  trainees: { name: string; idNumber: string; phone: string; username: string; temporaryPassword: string }[];
}

export async function buildCheckinWorld(platform: ShiftedPlatform): Promise<CheckinWorld> {
  const base = platform.baseUrl;
  const realNow = Date.now();
  const shiftedToday = chinaDate(realNow - SHIFT_DAYS * DAY);
  const admin = await ApiSession.login(base, "admin", ADMIN_PASSWORD);
  await createReadyOfficer(admin, base, OFFICER.username, "南关考勤经办", "220102", OFFICER.password);
  let officer = await ApiSession.login(base, OFFICER.username, OFFICER.password);

  // the institution registers itself, adds a qualification and a teacher, and is approved
  const reg = await publicPost<{ institution: { id: string } }>(base, "/api/public/institutions/register", {
    creditCode: creditCode(),
    role: "training",
    regionCode: "220102",
    name: "长春新望职业培训学校",
    type: "private_school",
    address: "长春市南关区人民大街 1 号",
    licenceNo: "教民122010270000001",
    licenceValidUntil: "2029-12-31",
    contactName: "王老师",
    contactPhone: "13900001111",
    bankAccountName: "长春新望职业培训学校",
    bankName: "中国工商银行",
    bankAccountNumber: "6222020200112233445",
    programCodes: ["K1"],
    username: STAFF.username,
    password: STAFF.password,
  });
  const institutionId = reg.institution.id;
  let staff = await ApiSession.login(base, STAFF.username, STAFF.password);
  await staff.call("POST", `/api/institutions/${institutionId}/qualifications`, { projectName: PROJECT, occupationName: PROJECT, capacity: 60 });
  const teacher = await staff.call<{ id: string }>("POST", `/api/institutions/${institutionId}/teachers`, {
    name: "李建国",
    idNumber: idNumber("19780312", 17),
    qualifications: "高级电工",
    employment: "full_time",
  });
  await officer.call("POST", `/api/institutions/${institutionId}/transitions`, { action: "approve" });

  // the province publishes a catalogue item for the project
  const item = await admin.call<{ id: string }>("POST", "/api/catalogue/items", {
    code: `E2E-${Math.floor(Math.random() * 1e6)}`,
    projectName: PROJECT,
    trainingType: "safety",
    certificateTypes: ["special_ability"],
    skillLevels: [],
    programCodes: ["K1"],
    firstVersion: { effectiveFrom: shiftedToday, minHours: 1, maxHours: 100, minTheoryPercent: 20, minPracticePercent: 50, modes: ["offline"] },
  });
  await admin.call("POST", `/api/catalogue/items/${item.id}/publish`);

  // two trainees, a class today with one session from a few minutes ago, filed and approved
  const persons: { id: string; name: string; idNumber: string; phone: string }[] = [];
  for (const [i, name] of ["张晓梅", "刘志强"].entries()) {
    const person = { idNumber: idNumber(`1990041${i + 1}`, 21 + i), name, residenceRegionCode: "220102", phone: `1384317000${i}` };
    const { person: p } = await staff.call<{ person: { id: string } }>("POST", "/api/persons", person);
    persons.push({ id: p.id, name, idNumber: person.idNumber, phone: person.phone });
  }
  const today = chinaDate(realNow);
  const startMs = Math.max(realNow - 5 * 60_000, new Date(`${today}T00:00:00+08:00`).getTime());
  const endTime = realNow + 2 * 3_600_000 < new Date(`${today}T23:59:00+08:00`).getTime() ? chinaTime(realNow + 2 * 3_600_000) : "23:59";
  const cls = await staff.call<{ id: string }>("POST", "/api/classes", {
    catalogueItemId: item.id,
    programCode: "K1",
    title: "电工安全操作专项能力培训班",
    mode: "offline",
    address: "长春市南关区人民大街 1 号 实训楼",
    lat: SITE.lat,
    lng: SITE.lng,
    geofenceRadiusM: SITE.radius,
    startDate: today,
    endDate: today,
    capacity: 30,
    assessmentPlan: "理论考试 + 实操考核",
    certificateType: "special_ability",
    skillLevel: null,
    sessions: [
      { date: today, startTime: chinaTime(startMs), endTime, teacherId: teacher.id, content: "安全用电与触电急救", theoryMinutes: 60, practiceMinutes: 120, place: "实训楼 201 教室", requireCheckOut: false },
    ],
    roster: persons.map((p) => p.id),
  });
  await staff.call("POST", `/api/classes/${cls.id}/transitions`, { action: "submit" });
  await officer.call("POST", `/api/classes/${cls.id}/transitions`, { action: "approve" });

  // real time from here on; sessions opened in the past have gone idle
  await platform.toRealTime();
  staff = await ApiSession.login(base, STAFF.username, STAFF.password);
  officer = await ApiSession.login(base, OFFICER.username, OFFICER.password);
  const accounts = await staff.call<{ items: { personId: string; username: string; temporaryPassword: string | null }[] }>("POST", `/api/classes/${cls.id}/trainee-accounts`);
  const detail = await staff.call<{ sessions: { id: string }[] }>("GET", `/api/classes/${cls.id}`);
  return {
    classId: cls.id,
    sessionId: detail.sessions[0]!.id,
    trainees: persons.map((p) => {
      const a = accounts.items.find((x) => x.personId === p.id)!;
      return { name: p.name, idNumber: p.idNumber, phone: p.phone, username: a.username, temporaryPassword: a.temporaryPassword ?? "" };
    }),
  };
}
