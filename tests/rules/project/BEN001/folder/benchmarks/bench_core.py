import timeit
