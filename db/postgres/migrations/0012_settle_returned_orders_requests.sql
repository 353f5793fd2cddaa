-- Return requests left open on orders a plain status change had returned, before such a change
-- settled them: approved as that change approves one now, at the time the order became returned,
-- with that change's message to the buyer and no restock (a plain move to returned restocks
-- nothing). No event is logged for them: the order's own change went out when it was made.
UPDATE "return_requests" r SET
  "status" = 'approved',
  "decided_at" = coalesce(h."created_at", o."updated_at"),
  "buyer_message" = h."buyer_message",
  "restock" = false
FROM "orders" o
LEFT JOIN LATERAL (
  SELECT "created_at", "buyer_message" FROM "order_status_history"
   WHERE "order_id" = o."order_id" AND "to_status" = 'returned' ORDER BY "id" DESC LIMIT 1
) h ON true
WHERE r."status" = 'requested' AND o."order_id" = r."order_id" AND o."order_status" = 'returned';
