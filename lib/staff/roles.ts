/** What a member of staff may do, each role everything the one before it may (the StaffRole enum). */
export const STAFF_ROLES = ["viewer", "operator", "owner"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ROLE_DUTIES: Record<StaffRole, string> = {
  viewer: "reads everything",
  operator: "also retries, resends, edits, replays and pauses",
  owner: "also manages staff and settings",
};

export const isStaffRole = (value: unknown): value is StaffRole => STAFF_ROLES.includes(value as StaffRole);

export const hasRole = (role: StaffRole, needed: StaffRole) => STAFF_ROLES.indexOf(role) >= STAFF_ROLES.indexOf(needed);

/** How the order timeline names a person: their name, and the account's email that tells two Martas apart. */
export const actorName = ({ name, email }: { name: string; email: string }) => `${name} (${email})`;
