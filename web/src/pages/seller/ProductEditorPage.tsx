/**
 * Creating and editing a product: name, description, price, stock, sizes, colours, whether it
 * is in the catalog, and its picture (previewed before it is sent). The server's refusals are
 * shown next to their fields.
 */
import { useNavigate, useSearchParams } from '@solidjs/router';
import { Show, createEffect, createResource, createSignal, onCleanup, type JSX } from 'solid-js';
import type { ProductBody } from '../../../../server/contract/api.js';
import { MAX_IMAGE_BYTES } from '../../../../server/domain/product-image.js';
import { errorMessage } from '../../api/api-client.js';
import { fieldErrorsFrom, type FieldErrors } from '../../api/field-errors.js';
import { createOwnProduct, fetchOwnProducts, updateOwnProduct, uploadProductImage, type ProductInput } from '../../api/seller-products-api.js';
import { Loading } from '../../components/Loading.jsx';
import { Notice } from '../../components/Notice.jsx';
import { ProductImage } from '../../components/ProductImage.jsx';
import { RequireUser } from '../../components/RequireUser.jsx';
import { TextField } from '../../components/TextField.jsx';
import { usePageTitle } from '../../components/page-title.js';
import { usePathParam } from '../../path-params.js';
import { SELLER_PRODUCTS_PATH, SellerSidebar } from './SellerSidebar.jsx';

export function ProductEditorPage(): JSX.Element {
  return (
    <RequireUser role="seller">
      <ProductEditor />
    </RequireUser>
  );
}

const PRICE = /^\d{1,8}(\.\d{1,2})?$/;
const list = (text: string) => [...new Set(text.split(',').map((item) => item.trim()).filter(Boolean))];

/** No product of this seller has this id: none at all, or another seller's. */
const NOT_YOURS = null;

function ProductEditor(): JSX.Element {
  const param = usePathParam('id');
  const productId = () => (param() === 'new' ? null : Number(param()));
  // Taken from the seller's own products, never the public catalog: another seller's product
  // (or a hidden one of theirs) is simply not there, so its data never fills this form.
  const [existing] = createResource(productId, async (id) => (await fetchOwnProducts()).find((product) => product.id === id) ?? NOT_YOURS);
  // Read through `state`, not existing(): a resource in error throws when read.
  const loaded = () => (existing.state === 'ready' ? existing() : undefined);
  usePageTitle(() => {
    if (productId() === null) return 'New product · Seller dashboard';
    const product = loaded();
    return product === NOT_YOURS ? 'Product not found · Seller dashboard' : `Edit ${product?.name ?? 'product'} · Seller dashboard`;
  });

  return (
    <div class="dashboard">
      <SellerSidebar current="products" />
      <div class="dashboard__main">
        <p>
          <a href={SELLER_PRODUCTS_PATH}>← All products</a>
        </p>
        <Show when={productId() === null} fallback={
          <>
            <Show when={existing.state === 'errored'}>
              <h1>Product</h1>
              <Notice kind="error">{errorMessage(existing.error)}</Notice>
            </Show>
            <Show when={loaded() === NOT_YOURS}>
              <ProductNotFound />
            </Show>
            <Show when={loaded()} fallback={<Show when={existing.loading}><Loading label="Loading product…" /></Show>}>
              {(product) => <ProductForm product={product()} />}
            </Show>
          </>
        }>
          <ProductForm product={null} />
        </Show>
      </div>
    </div>
  );
}

function ProductNotFound(): JSX.Element {
  return (
    <div class="empty-state">
      <h1>Product not found</h1>
      <p>None of your products has this number. It may have been mistyped, or it belongs to another store.</p>
      <p>
        <a class="button button--primary" href={SELLER_PRODUCTS_PATH}>
          Back to your products
        </a>
      </p>
    </div>
  );
}

function ProductForm(props: { product: ProductBody | null }): JSX.Element {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const start = props.product;
  const [name, setName] = createSignal(start?.name ?? '');
  const [description, setDescription] = createSignal(start?.description ?? '');
  const [price, setPrice] = createSignal(start ? (start.price / 100).toFixed(2) : '');
  const [stock, setStock] = createSignal(start ? String(start.stock) : '');
  const [sizes, setSizes] = createSignal(start?.sizes.join(', ') ?? '');
  const [colors, setColors] = createSignal(start?.colors.join(', ') ?? '');
  const [active, setActive] = createSignal(start?.active ?? true);
  const [file, setFile] = createSignal<File | null>(null);
  const [preview, setPreview] = createSignal<string | null>(null);
  const [imageUrl, setImageUrl] = createSignal(start?.image_url ?? null);
  const [errors, setErrors] = createSignal<FieldErrors>({});
  const [failure, setFailure] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal<string | null>(params.added ? 'Added. It is in the catalog.' : null);
  const [sending, setSending] = createSignal(false);

  // The preview is the chosen file read as a data: URL (the page's CSP takes data: images, not blob: ones).
  createEffect(() => {
    const chosen = file();
    setPreview(null);
    if (!chosen) return;
    const reader = new FileReader();
    reader.onload = () => {
      if (file() === chosen && typeof reader.result === 'string') setPreview(reader.result);
    };
    reader.readAsDataURL(chosen);
    onCleanup(() => reader.abort());
  });

  const check = (): { input: ProductInput; problems: FieldErrors } => {
    const problems: FieldErrors = {};
    if (!name().trim()) problems.name = 'Give the product a name';
    if (!PRICE.test(price().trim())) problems.price = 'Enter a price like 12.50';
    if (!/^\d{1,7}$/.test(stock().trim())) problems.stock = 'Enter how many you have, a whole number';
    const chosen = file();
    if (chosen && chosen.size > MAX_IMAGE_BYTES) problems.image = `The picture is over ${MAX_IMAGE_BYTES / 1024 / 1024} MB`;
    const input: ProductInput = {
      name: name().trim(),
      description: description().trim(),
      price: Math.round(Number(price().trim()) * 100),
      stock: Number(stock().trim()),
      sizes: list(sizes()),
      colors: list(colors()),
    };
    return { input, problems };
  };

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (sending()) return;
    const { input, problems } = check();
    setErrors(problems);
    setFailure(null);
    setSaved(null);
    if (Object.keys(problems).length > 0) return;
    setSending(true);
    let product = props.product;
    try {
      product = product ? await updateOwnProduct(product.id, { ...input, active: active() }) : await createOwnProduct(input);
      const chosen = file();
      if (chosen) {
        try {
          product = await uploadProductImage(product.id, chosen);
          setFile(null);
        } catch (error) {
          setErrors({ image: errorMessage(error) });
        }
      }
      setImageUrl(product.image_url);
      if (!props.product) {
        navigate(`${SELLER_PRODUCTS_PATH}/${product.id}?added=1`, { replace: true });
        return;
      }
      setSaved(`Saved. ${product.active ? 'It is in the catalog.' : 'It is hidden from the catalog.'}`);
    } catch (error) {
      const byField = fieldErrorsFrom(error);
      setErrors(byField);
      if (Object.keys(byField).length === 0) setFailure(errorMessage(error));
    } finally {
      setSending(false);
    }
  };

  return (
    <form class="form product-form" onSubmit={onSubmit} novalidate>
      <h1>{props.product ? `Edit ${props.product.name}` : 'New product'}</h1>
      <Show when={failure()}>
        <Notice kind="error">{failure()}</Notice>
      </Show>
      <Show when={saved()}>
        <p class="notice notice--success" role="status">
          {saved()}
        </p>
      </Show>
      <TextField id="product-name" label="Name" value={name()} onInput={setName} required maxLength={200} error={errors().name} />
      <div class="field" classList={{ 'field--invalid': Boolean(errors().description) }}>
        <label for="product-description">
          Description <span class="field__optional">(optional)</span>
        </label>
        <textarea id="product-description" rows={4} maxLength={5000} value={description()} onInput={(event) => setDescription(event.currentTarget.value)} />
        <Show when={errors().description}>
          <p class="field__error">{errors().description}</p>
        </Show>
      </div>
      <div class="product-form__row">
        <TextField id="product-price" label="Price (USD)" value={price()} onInput={setPrice} required hint="For example 12.50" error={errors().price} />
        <TextField id="product-stock" label="In stock" value={stock()} onInput={setStock} required hint="Units you can ship" error={errors().stock} />
      </div>
      <TextField id="product-sizes" label="Sizes" value={sizes()} onInput={setSizes} hint="Separated by commas, e.g. S, M, L" error={errors().sizes} />
      <TextField id="product-colors" label="Colours" value={colors()} onInput={setColors} hint="Separated by commas, e.g. Red, Navy" error={errors().colors} />
      <Show when={props.product}>
        <div class="field field--inline">
          <input id="product-active" type="checkbox" checked={active()} onChange={(event) => setActive(event.currentTarget.checked)} />
          <label for="product-active">In the catalog (buyers can find and order it)</label>
        </div>
      </Show>
      <div class="field" classList={{ 'field--invalid': Boolean(errors().image) }}>
        <label for="product-image">
          Picture <span class="field__optional">(optional; PNG, JPEG or WebP, up to 5 MB)</span>
        </label>
        <div class="product-form__picture">
          <Show when={preview()} fallback={<ProductImage url={imageUrl()} name={name() || '?'} size="thumb" />}>
            {(url) => <img class="product-image product-image--thumb" src={url()} alt="Preview of the chosen picture" width={64} height={64} />}
          </Show>
          <input
            id="product-image"
            type="file"
            accept="image/png,image/jpeg,image/webp"
            aria-invalid={errors().image ? 'true' : undefined}
            aria-describedby={errors().image ? 'product-image-error' : undefined}
            onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)}
          />
        </div>
        <Show when={errors().image}>
          <p id="product-image-error" class="field__error">
            {errors().image}
          </p>
        </Show>
      </div>
      <div class="form__actions">
        <button type="submit" class="button button--primary" disabled={sending()} aria-busy={sending()}>
          {sending() ? 'Saving…' : props.product ? 'Save changes' : 'Add product'}
        </button>
      </div>
    </form>
  );
}
