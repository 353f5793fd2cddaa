CREATE TABLE `product_images` (
	`product_id` integer PRIMARY KEY NOT NULL,
	`content_type` text NOT NULL,
	`digest` text NOT NULL,
	`bytes` blob NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade
);
