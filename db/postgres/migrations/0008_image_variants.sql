CREATE TABLE "product_image_variants" (
	"product_id" integer NOT NULL,
	"width" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	CONSTRAINT "product_image_variants_product_id_width_pk" PRIMARY KEY("product_id","width")
);
--> statement-breakpoint
ALTER TABLE "product_image_variants" ADD CONSTRAINT "product_image_variants_product_id_product_images_product_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."product_images"("product_id") ON DELETE cascade ON UPDATE no action;