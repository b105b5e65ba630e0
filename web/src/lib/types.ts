/** The API's shapes the pages read (docs/api.md). */
import type { GeneralAccess, Role, VersionKind } from "../../../src/domain/rooms";

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
  kind: VersionKind;
  label: string | null;
  createdBy: string | null;
}

/** A webhook endpoint of a room (docs/webhooks.md); its secret is never listed. */
export interface Webhook {
  id: string;
  url: string;
  events: string[];
}

/** One entry of an endpoint's delivery log. */
export interface Delivery {
  eventId: string;
  type: string;
  state: "pending" | "delivered" | "failed";
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}
