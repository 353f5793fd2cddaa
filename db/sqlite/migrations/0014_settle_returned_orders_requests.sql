-- Return requests left open on orders a plain status change had returned, before such a change
-- settled them: approved as that change approves one now, at the time the order became returned,
-- with that change's message to the buyer and no restock (a plain move to returned restocks
-- nothing). No event is logged for them: the order's own change went out when it was made.
UPDATE `return_requests` SET
  `status` = 'approved',
  `decided_at` = coalesce(
    (SELECT max(h.`created_at`) FROM `order_status_history` h WHERE h.`order_id` = `return_requests`.`order_id` AND h.`to_status` = 'returned'),
    (SELECT o.`updated_at` FROM `orders` o WHERE o.`order_id` = `return_requests`.`order_id`)),
  `buyer_message` = (SELECT h.`buyer_message` FROM `order_status_history` h
                      WHERE h.`order_id` = `return_requests`.`order_id` AND h.`to_status` = 'returned' ORDER BY h.`id` DESC LIMIT 1),
  `restock` = 0
WHERE `status` = 'requested'
  AND `order_id` IN (SELECT `order_id` FROM `orders` WHERE `order_status` = 'returned');
