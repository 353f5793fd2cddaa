CREATE TABLE `demo_seed` (
	`id` integer PRIMARY KEY NOT NULL,
	`completed_at` integer NOT NULL
);
--> statement-breakpoint
-- A database from an earlier release that has orders is past seeding: that release finished its
-- seed (or the orders are someone's), and its orders carry no keys a seed could resume by. One
-- with accounts but no orders may be a seed stopped part-way, left for the next start to complete.
INSERT INTO `demo_seed` (`id`, `completed_at`) SELECT 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000 WHERE EXISTS (SELECT 1 FROM `orders`);
