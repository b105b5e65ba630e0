/** The API's shapes the pages read (docs/api.md). */
export type Role = "owner" | "editor" | "viewer";
export type GeneralAccess = "none" | "viewer" | "editor";

export interface User {
  id: string;
  email?: string;
  name: string;
}

export interface Room {
  id: string;
  title: string;
  ownerId: string;
  generalAccess: GeneralAccess;
  /** The app's label given at creation: "document", "whiteboard", or null (another app's room). */
  kind: string | null;
  role: Role;
  createdAt: string;
  updatedAt: string;
  editedAt: string | null;
}

export interface Member {
  user: Required<User>;
  role: Role;
}

export interface Version {
  seq: number;
  createdAt: string;
  bytes: number;
  kind: "auto" | "named" | "restore";
  label: string | null;
  createdBy: string | null;
}
