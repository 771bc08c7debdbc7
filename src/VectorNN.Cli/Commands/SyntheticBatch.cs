using System.Numerics;
using VectorNN.Losses;

namespace VectorNN.Cli.Commands;

/// <summary>Seeded random samples for commands that exercise a network without data: <c>gradcheck</c> and <c>bench</c>.</summary>
internal static class SyntheticBatch
{
    /// <summary>Inputs uniform in [-1, 1); targets of the loss's kind (one-hot, in [0, 1], or uniform in [-1, 1)).</summary>
    public static (T[] Inputs, T[] Targets) Of<T>(Loss loss, int batch, int inputs, int outputs, ulong seed)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(unchecked((int)seed ^ 0x5EED));
        T[] x = Enumerable.Range(0, batch * inputs).Select(_ => T.CreateTruncating((2 * random.NextDouble()) - 1)).ToArray();
        var t = new T[batch * outputs];
        for (int s = 0; s < batch; s++)
        {
            for (int k = 0; k < outputs; k++)
            {
                t[(s * outputs) + k] = T.CreateTruncating(loss switch
                {
                    Loss.CrossEntropy => 0,
                    Loss.BinaryCrossEntropy => random.NextDouble(),
                    _ => (2 * random.NextDouble()) - 1,
                });
            }

            if (loss == Loss.CrossEntropy)
            {
                t[(s * outputs) + random.Next(outputs)] = T.One;
            }
        }

        return (x, t);
    }
}
