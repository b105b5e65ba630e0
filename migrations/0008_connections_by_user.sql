-- Logout closes the user's open sockets: find the rooms they have sockets in.
CREATE INDEX connections_user ON connections(user_id, connected_at);
