-- Raises an error from inside a statement, so that a statement whose compare-and-set failed
-- aborts its transaction (see the placement in repositories/order-repository.ts). SQLSTATE
-- OP409 is ours: the repository tells this refusal from any other failure by it.
CREATE FUNCTION orderpulse_refuse(reason text) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'OP409', MESSAGE = reason;
END
$$;
