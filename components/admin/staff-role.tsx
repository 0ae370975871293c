"use client";

import { createContext, useContext, type ReactNode } from "react";
import { hasRole, type StaffRole } from "@/lib/staff/roles";

/**
 * The logged-in person's role, so controls they cannot use are not shown. Only a convenience: every
 * action checks the role again on the server (lib/staff/session.ts).
 */
const RoleContext = createContext<StaffRole>("viewer");

export function StaffRoleProvider({ role, children }: { role: StaffRole; children: ReactNode }) {
  return <RoleContext.Provider value={role}>{children}</RoleContext.Provider>;
}

export const useCan = (needed: StaffRole) => hasRole(useContext(RoleContext), needed);
