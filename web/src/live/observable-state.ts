/** A value with change listeners: the framework-free core of the live modules. */
export interface ObservableState<T> {
  get(): T;
  update(patch: Partial<T>): void;
  subscribe(listener: (state: T) => void): () => void;
}

export function observableState<T extends object>(initial: T): ObservableState<T> {
  let state = initial;
  const listeners = new Set<(state: T) => void>();
  return {
    get: () => state,
    update(patch) {
      state = { ...state, ...patch };
      for (const listener of [...listeners]) listener(state);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
