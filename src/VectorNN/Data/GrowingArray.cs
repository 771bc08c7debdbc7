using VectorNN.Memory;

namespace VectorNN.Data;

/// <summary>
/// Values appended one at a time into arrays from <see cref="LargeArrays"/> that double as they fill, then copied once
/// into an array of the exact length: what a loader needs when the input does not say how many values it holds.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class GrowingArray<T>
    where T : unmanaged
{
    private const int FirstCapacity = 1 << 12;

    private T[] items = new T[FirstCapacity];

    /// <summary>The number of values appended.</summary>
    public int Count { get; private set; }

    public void Add(T value)
    {
        if (Count == items.Length)
        {
            T[] larger = LargeArrays.AllocateUninitialized<T>((int)Math.Min(Array.MaxLength, 2L * items.Length));
            items.AsSpan(0, Count).CopyTo(larger);
            items = larger;
        }

        items[Count++] = value;
    }

    /// <summary>The values appended, in a new array of exactly <see cref="Count"/> elements.</summary>
    public T[] ToArray()
    {
        T[] array = LargeArrays.AllocateUninitialized<T>(Count);
        items.AsSpan(0, Count).CopyTo(array);
        return array;
    }
}
