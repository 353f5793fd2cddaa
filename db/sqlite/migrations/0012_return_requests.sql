CREATE TABLE `return_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`buyer_id` integer NOT NULL,
	`seller_id` integer NOT NULL,
	`status` text NOT NULL,
	`reason` text NOT NULL,
	`message` text,
	`created_at` integer NOT NULL,
	`decided_at` integer,
	`buyer_message` text,
	`restock` integer,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`order_id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`buyer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`seller_id`) REFERENCES `sellers`(`seller_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `return_requests_open_idx` ON `return_requests` (`order_id`) WHERE "return_requests"."status" = 'requested';--> statement-breakpoint
CREATE INDEX `return_requests_order_idx` ON `return_requests` (`order_id`,`id`);--> statement-breakpoint
CREATE INDEX `return_requests_seller_idx` ON `return_requests` (`seller_id`,`status`,`id`);