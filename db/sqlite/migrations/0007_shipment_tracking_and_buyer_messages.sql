ALTER TABLE `order_status_history` ADD `buyer_message` text;--> statement-breakpoint
ALTER TABLE `shipments` ADD `carrier_code` text;--> statement-breakpoint
ALTER TABLE `shipments` ADD `estimated_earliest` text;--> statement-breakpoint
ALTER TABLE `shipments` ADD `estimated_latest` text;