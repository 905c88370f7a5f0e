import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { CheckInResult, myAttendance } from "../../../../shared/src/contracts/attendance.ts";
import type { myClassesView, myClassView } from "../../../../shared/src/contracts/classes.ts";
import type { MySubsidiesView, SkillUpgradingBody } from "../../../../shared/src/contracts/subsidies.ts";
import type { personView } from "../../../../shared/src/contracts/trainees.ts";
import { api } from "../../app/api-client.ts";

export type MyClasses = z.infer<typeof myClassesView>;
export type MyClass = z.infer<typeof myClassView>;
export type MySession = MyClass["sessions"][number];
export type MyAttendance = z.infer<typeof myAttendance>;
export type MyProfile = z.infer<typeof personView>;

/** Query keys of the trainee's own pages. */
export const myKeys = {
  all: ["my"] as const,
  profile: () => [...myKeys.all, "profile"] as const,
  classes: () => [...myKeys.all, "classes"] as const,
  attendance: () => [...myKeys.all, "attendance"] as const,
  subsidies: () => [...myKeys.all, "subsidies"] as const,
};

export type MySubsidies = MySubsidiesView;

export function useMySubsidies() {
  return useQuery({ queryKey: myKeys.subsidies(), queryFn: ({ signal }) => api.get<MySubsidies>("/api/my/subsidies", undefined, signal) });
}

export function useFileSkillUpgrading() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SkillUpgradingBody) => api.post<{ claimId: string; eligible: boolean; reason: string; amountFen: number }>("/api/my/subsidies/skill-upgrading", body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: myKeys.subsidies() }),
  });
}

export function useMyClasses() {
  return useQuery({ queryKey: myKeys.classes(), queryFn: ({ signal }) => api.get<MyClasses>("/api/my/classes", undefined, signal) });
}

export function useMyAttendance() {
  return useQuery({ queryKey: myKeys.attendance(), queryFn: ({ signal }) => api.get<MyAttendance>("/api/my/attendance", undefined, signal), staleTime: 0 });
}

export function useMyProfile() {
  return useQuery({ queryKey: myKeys.profile(), queryFn: ({ signal }) => api.get<MyProfile>("/api/my/profile", undefined, signal) });
}

export interface CheckInInput {
  sessionId: string;
  code: string;
  lat: number;
  lng: number;
  accuracy?: number;
  kind: "in" | "out";
  /** this phone's id from local storage, kept with the attempt as evidence */
  deviceId?: string;
}

export function useCheckIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CheckInInput) => api.post<CheckInResult>("/api/attendance/check-in", body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: myKeys.attendance() }),
  });
}
