import { Show, untrack, type JSX } from 'solid-js';

export interface QuantityFieldProps {
  id: string;
  label: JSX.Element;
  /**
   * What the field starts with. Read once: the field then holds the buyer's own text, which
   * the page never writes back over (a refused value stays for them to correct).
   */
  initialValue: string;
  /** The most the field accepts (its `max`); the check itself is `checkQuantity`'s. */
  max: number;
  error: string | undefined;
  disabled?: boolean;
  class?: string;
  ref?: (element: HTMLInputElement) => void;
  onInput?: () => void;
  /** Committed (blur, Enter, the arrows): the text and whether the browser could read it as a number. */
  onChange?: (raw: string, unreadable: boolean) => void;
}

/** A quantity input with its refusal said beside it, tied to it for screen readers. */
export function QuantityField(props: QuantityFieldProps): JSX.Element {
  const errorId = () => `${props.id}-error`;
  return (
    <div class={`quantity-field ${props.class ?? ''}`} classList={{ 'field--invalid': Boolean(props.error) }}>
      <div class="field field--inline">
        <label for={props.id}>{props.label}</label>
        <input
          ref={(element) => props.ref?.(element)}
          id={props.id}
          type="number"
          inputmode="numeric"
          min="1"
          max={Math.max(1, props.max)}
          step="1"
          value={untrack(() => props.initialValue)}
          disabled={props.disabled}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={props.error ? errorId() : undefined}
          onInput={() => props.onInput?.()}
          onChange={(event) => props.onChange?.(event.currentTarget.value, event.currentTarget.validity.badInput)}
        />
      </div>
      <Show when={props.error}>
        <p id={errorId()} class="field__error" role="alert">
          {props.error}
        </p>
      </Show>
    </div>
  );
}
