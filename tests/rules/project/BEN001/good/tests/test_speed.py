def test_fast(benchmark):
    benchmark(sum, [1, 2])
