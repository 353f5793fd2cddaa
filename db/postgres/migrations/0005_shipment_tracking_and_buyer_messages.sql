ALTER TABLE "order_status_history" ADD COLUMN "buyer_message" text;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "carrier_code" text;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "estimated_earliest" text;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "estimated_latest" text;