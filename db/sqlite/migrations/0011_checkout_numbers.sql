ALTER TABLE `orders` ADD `checkout_number` text;--> statement-breakpoint
CREATE INDEX `orders_checkout_idx` ON `orders` (`checkout_number`);