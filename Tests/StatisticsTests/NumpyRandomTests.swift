import Testing

@testable import Statistics

@Suite("numpy's legacy generator, bit for bit")
struct NumpyRandomTests {
    @Test("seed 0: normal(0, 1) gives numpy's first five values")
    func gaussians() {
        var random = NumpyRandom(seed: 0)
        let values = (0..<5).map { _ in random.nextGaussian() }
        #expect(
            values == [1.764052345967664, 0.4001572083672233, 0.9787379841057392, 2.240893199201458, 1.8675579901499675]
        )
    }

    @Test("seed 0: choice(15435, 5) gives numpy's indices")
    func indices() {
        var random = NumpyRandom(seed: 0)
        #expect((0..<5).map { _ in random.nextIndex(below: 15_435) } == [2732, 10799, 9845, 3264, 13123])
    }
}

extension NumpyRandomTests {
    // The values below were printed by numpy 2.4.6 (`np.random.seed`, then the calls named).
    @Test("seed 0: random_sample(3)")
    func doubles() {
        var random = NumpyRandom(seed: 0)
        #expect(
            (0..<3).map { _ in random.nextDouble() } == [0.5488135039273248, 0.7151893663724195, 0.6027633760716439])
    }

    @Test("seed 123: the Gaussian kept from a pair outlives an integer draw between two arrays")
    func keptGaussian() {
        var random = NumpyRandom(seed: 123)
        #expect(
            (0..<3).map { _ in random.nextGaussian() } == [-1.0856306033005612, 0.9973454465835858, 0.28297849805199204]
        )
        #expect((0..<4).map { _ in random.nextIndex(below: 7) } == [3, 2, 3, 1])
        #expect(random.nextGaussian() == -1.506294713918092)
    }

    @Test("seed 2^32 − 1: the full 32-bit range, a range of one (no draw), and a 32-bit mask")
    func ranges() {
        var random = NumpyRandom(seed: 4_294_967_295)
        #expect((0..<2).map { _ in random.nextIndex(below: 1 << 32) } == [419_326_371, 479_346_978])
        #expect((0..<2).map { _ in random.nextIndex(below: 1) } == [0, 0])
        #expect((0..<3).map { _ in random.nextIndex(below: 1 << 31 + 5) } == [77_050_329, 1_217_888_032, 627_568_395])
    }
}
