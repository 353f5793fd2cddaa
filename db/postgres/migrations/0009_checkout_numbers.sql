ALTER TABLE "orders" ADD COLUMN "checkout_number" text;--> statement-breakpoint
CREATE INDEX "orders_checkout_idx" ON "orders" USING btree ("checkout_number");