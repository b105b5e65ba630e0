/** The API's shapes the pages read: the server's own types (src/wire/rest.ts), never a copy. */
export type {
  DeliveryJson as Delivery,
  FileJson as StoredFile,
  GeneralAccess,
  MemberJson as Member,
  NotificationJson as Notification,
  Role,
  RoomJson as Room,
  UserJson as User,
  VersionJson as Version,
  WebhookJson as Webhook,
} from "../../../src/wire/rest";
