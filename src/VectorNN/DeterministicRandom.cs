using System.Numerics;

namespace VectorNN;

/// <summary>
/// xoshiro256** seeded through SplitMix64: the one random source of initialization and shuffling. Its sequence for a
/// seed is fixed by this code, not by the runtime's <see cref="Random"/>, so a seed gives the same network on every
/// .NET version.
/// </summary>
internal sealed class DeterministicRandom
{
    private ulong s0, s1, s2, s3;

    public DeterministicRandom(ulong seed)
    {
        s0 = SplitMix(ref seed);
        s1 = SplitMix(ref seed);
        s2 = SplitMix(ref seed);
        s3 = SplitMix(ref seed);
    }

    /// <summary>Continues the sequence from <paramref name="state"/>, as taken by <see cref="Snapshot"/>.</summary>
    public DeterministicRandom(State state) => (s0, s1, s2, s3) = state;

    /// <summary>The generator's position: the sequence continues identically from it.</summary>
    public State Snapshot => new(s0, s1, s2, s3);

    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = BitOperations.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1), from the top 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, bound) without modulo bias (Lemire's multiply-shift with rejection).</summary>
    public int NextInt(int bound)
    {
        ulong range = (ulong)bound;
        UInt128 product = (UInt128)NextUInt64() * range;
        ulong low = (ulong)product;
        if (low < range)
        {
            ulong threshold = (0 - range) % range;
            while (low < threshold)
            {
                product = (UInt128)NextUInt64() * range;
                low = (ulong)product;
            }
        }

        return (int)(product >> 64);
    }

    /// <summary>Fisher-Yates shuffle in place.</summary>
    public void Shuffle(Span<int> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    /// <summary>The four state words of xoshiro256**; never all zero (that state only repeats zeros).</summary>
    public readonly record struct State(ulong S0, ulong S1, ulong S2, ulong S3)
    {
        /// <summary>Whether this is a state the generator can be in.</summary>
        public bool IsValid => (S0 | S1 | S2 | S3) != 0;
    }
}
