/** The API's shapes the pages read: the server's own types, through the client package, never a copy. */
export type {
  AuthorshipJson as Authorship,
  ChangeJson as Change,
  DeliveryJson as Delivery,
  GeneralAccess,
  HistoryEntryJson as HistoryEntry,
  InvitationJson as Invitation,
  MemberJson as Member,
  NotificationJson as Notification,
  Role,
  RoomJson as Room,
  UserJson as User,
  VersionJson as Version,
  WebhookJson as Webhook,
} from "@edge-rooms/client";
