using System.Numerics;
using VectorNN.Layers;

namespace VectorNN.Cli.Commands;

/// <summary>A network's copy in another precision, for commands that run a model in a precision other than its file's.</summary>
internal static class NetworkCopy
{
    /// <summary>
    /// A new network of <typeparamref name="TTo"/> with the same layers and the weights rounded to nearest (float to
    /// double is exact).
    /// </summary>
    /// <exception cref="UsageException">A weight is beyond the range of <typeparamref name="TTo"/> (a double model run in single precision).</exception>
    public static Network<TTo> As<TFrom, TTo>(Network<TFrom> network, string option)
        where TFrom : unmanaged, IBinaryFloatingPointIeee754<TFrom>
        where TTo : unmanaged, IBinaryFloatingPointIeee754<TTo>
    {
        if (network is Network<TTo> same)
        {
            return same;
        }

        var copy = new Network<TTo>(network.InputCount, network.Layers);
        ReadOnlySpan<TFrom> from = network.Parameters.Values;
        Span<TTo> to = copy.Parameters.Values;
        for (int i = 0; i < from.Length; i++)
        {
            to[i] = TTo.CreateTruncating(from[i]);
            if (!TTo.IsFinite(to[i]))
            {
                throw new UsageException($"{option}: parameter {i} of the model, {from[i]}, is beyond the range of {typeof(TTo).Name}.");
            }
        }

        return copy;
    }
}
