-- Status history ids become a plain rowid alias (no sqlite_sequence write per change), and the
-- orders(updated_at) index goes: the catch-up after a Redis outage finds changed orders through
-- the history. The migration runner applies this inside BEGIN IMMEDIATE, where the PRAGMAs below
-- are no-ops; the rebuild is safe with foreign keys on, as no table references the history.
DROP INDEX `orders_updated_idx`;--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_order_status_history` (
	`id` integer PRIMARY KEY NOT NULL,
	`order_id` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`actor_user_id` integer,
	`actor_role` text,
	`note` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`order_id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_order_status_history`("id", "order_id", "from_status", "to_status", "actor_user_id", "actor_role", "note", "created_at") SELECT "id", "order_id", "from_status", "to_status", "actor_user_id", "actor_role", "note", "created_at" FROM `order_status_history`;--> statement-breakpoint
DROP TABLE `order_status_history`;--> statement-breakpoint
ALTER TABLE `__new_order_status_history` RENAME TO `order_status_history`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `order_status_history_order_idx` ON `order_status_history` (`order_id`,`id`);