using System.Numerics;

namespace VectorNN.Training;

/// <summary>
/// Follows the validation loss for <see cref="EarlyStopping"/> and keeps a copy of the best epoch's parameters in one
/// buffer, allocated once per trainer and overwritten on each improvement.
/// </summary>
internal sealed class EarlyStoppingMonitor<T>(EarlyStopping rule, int parameterCount)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly T[] best = new T[parameterCount];
    private double bestLoss;
    private int badEpochs;

    /// <summary>The epoch whose parameters are kept; 0 before the first.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>Starts tracking afresh (a new call of Fit).</summary>
    public void Start()
    {
        bestLoss = double.PositiveInfinity;
        badEpochs = 0;
        BestEpoch = 0;
    }

    /// <summary>Records epoch <paramref name="epoch"/>'s loss and parameters; true when training should stop.</summary>
    public bool Observe(int epoch, double loss, ReadOnlySpan<T> parameters)
    {
        if (loss < bestLoss - rule.MinDelta)
        {
            bestLoss = loss;
            BestEpoch = epoch;
            badEpochs = 0;
            parameters.CopyTo(best);
            return false;
        }

        return ++badEpochs >= rule.Patience;
    }

    /// <summary>Copies the best epoch's parameters back, when an epoch was recorded.</summary>
    public void RestoreBest(Span<T> parameters)
    {
        if (BestEpoch > 0)
        {
            best.CopyTo(parameters);
        }
    }
}
