// Tests are independent (no shared mutable state beyond libsodium's one-time initialisation), so run them in parallel.
[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]
