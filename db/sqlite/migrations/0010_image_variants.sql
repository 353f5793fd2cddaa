CREATE TABLE `product_image_variants` (
	`product_id` integer NOT NULL,
	`width` integer NOT NULL,
	`bytes` blob NOT NULL,
	PRIMARY KEY(`product_id`, `width`),
	FOREIGN KEY (`product_id`) REFERENCES `product_images`(`product_id`) ON UPDATE no action ON DELETE cascade
);
