using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using VectorNN.Data;
using VectorNN.Kernels;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Memory;
using VectorNN.Optim;

namespace VectorNN.Training;

/// <summary>
/// Trains a <see cref="Network{T}"/> with an <see cref="Optimizer{T}"/>: epochs of mini-batches in a seeded random
/// order, each step a forward pass, back-propagation and one optimizer update.
/// </summary>
/// <remarks>
/// <para>
/// A step allocates nothing once the first has run. Every step checks its loss and every layer's gradients before the
/// update and throws <see cref="TrainingDivergedException"/>, without applying the update, when the loss or a gradient
/// is not finite, or when the loss is more than <see cref="TrainingOptions.DivergenceFactor"/> times the reference
/// loss: the larger of the run's first batch loss and the loss of a network whose outputs are all zero logits (the
/// uniform prediction for softmax, 0.5 for logistic, 0 for identity). The network then keeps the parameters that
/// produced that loss: when an earlier update blew them up (a finite gradient times a learning rate far too large),
/// that update was applied, and the exception's message says so. For the same network, data, options and optimizer,
/// training is bit-identical from run to run on one machine (same SIMD width), and a run resumed from its saved
/// optimizer state and <see cref="State"/> continues as if it had not stopped.
/// </para>
/// <para>
/// Each step overwrites the gradients of the trainer's own <see cref="Backpropagation{T}"/> and hands them to
/// <see cref="Optimizer{T}.Step"/>: two trainers on one network share its parameters, never their gradients. Small
/// networks on small batches take the pass's fused path (see <see cref="Backpropagation{T}"/>), with every loss,
/// activation, sample weights and dropout; the checks and the update that follow are the same, so the divergence
/// rules, frozen parameters, every optimizer, bit-identical runs and resuming hold on either path.
/// </para>
/// <para>
/// With validation data (<see cref="Fit(Dataset{T}, Dataset{T}, IProgress{EpochReport}, IProgress{BatchReport}, CancellationToken)"/>)
/// every epoch ends with an <see cref="Evaluator"/> pass over it, reported in <see cref="EpochReport.Validation"/>,
/// watched by <see cref="TrainingOptions.EarlyStopping"/> and by a schedule that adapts to the loss. A
/// <see cref="TrainingOptions.LearningRateSchedule"/> sets the optimizer's rate before each epoch, from
/// <see cref="InitialLearningRate"/>.
/// </para>
/// <para>
/// A data set with <see cref="Dataset{T}.SampleWeights"/> trains on the weighted mean loss of each batch, the weights
/// gathered in the batch's shuffled order. Layers with a <see cref="LayerSpec.DropoutRate"/> drop during training
/// steps only, with masks drawn from the same seeded generator as the shuffling order, so dropout keeps runs
/// bit-identical for a seed and resumable from <see cref="State"/>.
/// </para>
/// <para>An instance is not thread-safe.</para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Trainer<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Backpropagation<T> pass;
    private readonly T[] batchInputs;
    private readonly T[] batchTargets;
    private readonly T[] batchWeights;
    private readonly BatchGatherJob<T> gather = new();
    private readonly bool drops;
    private DeterministicRandom? random;
    private readonly T[] zeroLogits;
    private readonly T[] zeroOutputs;
    private int steps;
    private int runSteps;
    private double reference = double.NaN;
    private bool referenceAwaitsFirstLoss;
    private EarlyStoppingMonitor<T>? monitor;

    /// <summary>Creates a trainer; the network's parameters are used as they are (initialize them first).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">The loss does not fit the network's output activation.</exception>
    public Trainer(Network<T> network, Optimizer<T> optimizer, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Network = network;
        Optimizer = optimizer;
        Options = options;
        InitialLearningRate = optimizer.LearningRate;
        pass = new Backpropagation<T>(network, options.Loss, options.BatchSize);
        batchInputs = new T[checked(options.BatchSize * network.InputCount)];
        batchTargets = new T[checked(options.BatchSize * network.OutputCount)];
        batchWeights = new T[options.BatchSize];
        foreach (LayerSpec layer in network.Layers)
        {
            drops |= layer.DropoutRate > 0;
        }

        pass.ApplyDropout = drops;
        State = TrainingState.Start(options.Seed);
        zeroLogits = new T[network.OutputCount];
        zeroOutputs = new T[network.OutputCount];
        ActivationLayer.Forward<T>(network.OutputActivation, zeroLogits, 1, network.OutputCount, zeroOutputs);
    }

    /// <summary>The trainer's forward and backward pass (tests compare its fused and kernel paths).</summary>
    internal Backpropagation<T> Pass => pass;

    /// <summary>The network being trained.</summary>
    public Network<T> Network { get; }

    /// <summary>The optimizer that updates it.</summary>
    public Optimizer<T> Optimizer { get; }

    /// <summary>The training options.</summary>
    public TrainingOptions Options { get; }

    /// <summary>
    /// The optimizer's learning rate when the trainer was created: the rate a <see cref="TrainingOptions.LearningRateSchedule"/>
    /// starts from and scales.
    /// </summary>
    public double InitialLearningRate { get; }

    /// <summary>
    /// With <see cref="TrainingOptions.EarlyStopping"/>, the epoch whose parameters the network holds after the last
    /// <see cref="Fit(Dataset{T}, Dataset{T}, IProgress{EpochReport}, IProgress{BatchReport}, CancellationToken)"/>:
    /// the one with the lowest validation loss (by more than the minimum improvement); else null.
    /// </summary>
    public int? BestEpoch { get; private set; }

    /// <summary>
    /// The epoch after which early stopping ended the last Fit; null when it ran all its epochs or early stopping is off.
    /// </summary>
    public int? StoppedEpoch { get; private set; }

    /// <summary>
    /// Where the run stands: epochs completed and the shuffling generator's position; at first
    /// <see cref="TrainingState.Start"/> of <see cref="TrainingOptions.Seed"/>. <see cref="Fit(Dataset{T}, IProgress{EpochReport}, IProgress{BatchReport}, CancellationToken)"/> continues from it and
    /// advances it after every completed epoch (an interrupted epoch leaves it at the last completed one). To resume a
    /// saved run exactly, set it to the state loaded with the optimizer's (<see cref="IO.OptimizerStateFile.TryLoad"/>).
    /// </summary>
    public TrainingState State
    {
        get;
        set => field = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Trains for <see cref="TrainingOptions.Epochs"/> more epochs from <see cref="State"/> and returns a report per
    /// epoch; epochs are numbered from the run's start, so a resumed run continues the numbering. After every epoch that
    /// is a multiple of <see cref="TrainingOptions.ReportEvery"/>, <paramref name="progress"/> receives that epoch's report.
    /// </summary>
    /// <param name="data">The training samples; widths must match the network.</param>
    /// <param name="progress">
    /// Optional; receives epoch reports from the training thread. A <see cref="Progress{T}"/> runs its handler on the
    /// context it was created on, while training goes on; a <see cref="SynchronousProgress{T}"/> runs it at once,
    /// between steps.
    /// </param>
    /// <param name="batchProgress">Optional; receives a report after every step (for progress bars).</param>
    /// <param name="cancellationToken">
    /// Checked before every step; on cancellation the network keeps the last step's parameters, <see cref="State"/> the
    /// last finished epoch, and the exception the finished epochs' reports.
    /// </param>
    /// <exception cref="ArgumentException">The data's widths do not match the network.</exception>
    /// <exception cref="TrainingDivergedException">
    /// A loss or gradient was not finite, or a loss exceeded <see cref="TrainingOptions.DivergenceFactor"/> times the
    /// reference (see the remarks of <see cref="Trainer{T}"/>).
    /// </exception>
    /// <exception cref="TrainingCanceledException">Training was cancelled; it carries the finished epochs' reports.</exception>
    public IReadOnlyList<EpochReport> Fit(
        Dataset<T> data,
        IProgress<EpochReport>? progress = null,
        IProgress<BatchReport>? batchProgress = null,
        CancellationToken cancellationToken = default) =>
        Fit(data, null, progress, batchProgress, cancellationToken);

    /// <summary>
    /// As <see cref="Fit(Dataset{T}, IProgress{EpochReport}, IProgress{BatchReport}, CancellationToken)"/>, with
    /// <paramref name="validation"/> evaluated after every epoch (<see cref="EpochReport.Validation"/>). Its loss is the
    /// loss that <see cref="TrainingOptions.EarlyStopping"/> and an adaptive <see cref="TrainingOptions.LearningRateSchedule"/>
    /// watch; without validation data a schedule watches the epoch's mean training loss.
    /// </summary>
    /// <param name="data">The training samples; widths must match the network.</param>
    /// <param name="validation">Held-out samples, evaluated with <see cref="Evaluator"/> after every epoch; or null.</param>
    /// <param name="progress">Optional; receives epoch reports from the training thread.</param>
    /// <param name="batchProgress">Optional; receives a report after every step.</param>
    /// <param name="cancellationToken">Checked before every step.</param>
    /// <returns>
    /// A report per epoch trained. When early stopping ends the run, the last report is that of <see cref="StoppedEpoch"/>,
    /// <see cref="State"/> stands after it, and the network holds the parameters of <see cref="BestEpoch"/> (also when
    /// the run trains all its epochs).
    /// </returns>
    /// <exception cref="ArgumentException">
    /// The widths of <paramref name="data"/> or <paramref name="validation"/> do not match the network, or
    /// <see cref="TrainingOptions.EarlyStopping"/> is set without validation data.
    /// </exception>
    /// <exception cref="TrainingDivergedException">As the other overload.</exception>
    /// <exception cref="TrainingCanceledException">
    /// Training was cancelled; the network keeps the last step's parameters (not the best epoch's).
    /// </exception>
    public IReadOnlyList<EpochReport> Fit(
        Dataset<T> data,
        Dataset<T>? validation,
        IProgress<EpochReport>? progress = null,
        IProgress<BatchReport>? batchProgress = null,
        CancellationToken cancellationToken = default)
    {
        RequireFitData(data, validation);
        ILearningRateSchedule? schedule = Options.LearningRateSchedule;
        schedule?.Restore(State.ScheduleState);
        if (Options.EarlyStopping is EarlyStopping rule)
        {
            // The copy of the best parameters is allocated once per trainer, not per epoch or per Fit.
            monitor ??= new EarlyStoppingMonitor<T>(rule, Network.ParameterCount);
            monitor.Start();
        }

        (BestEpoch, StoppedEpoch) = (null, null);
        int inputs = Network.InputCount;
        int outputs = Network.OutputCount;
        int batchSize = Options.BatchSize;
        var order = new int[data.Count];
        DeterministicRandom random = this.random = new DeterministicRandom(State.Shuffle);
        ReadOnlySpan<T> weights = data.SampleWeights;
        double totalWeight = LossLayer.WeightSum(weights, data.Count);
        var reports = new List<EpochReport>();
        reference = ZeroOutputLoss(data.Targets, data.Count);
        referenceAwaitsFirstLoss = true;
        runSteps = 0;
        int batches = (data.Count + batchSize - 1) / batchSize;
        using Parallelism.Scope limit = Parallelism.Limit(Options.MaxDegreeOfParallelism);
        for (int done = 0; done < Options.Epochs; done++)
        {
            int epoch = checked(State.EpochsCompleted + 1);
            if (schedule is not null)
            {
                Optimizer.LearningRate = schedule.LearningRate(epoch, InitialLearningRate);
            }

            if (Options.Shuffle)
            {
                // Each epoch permutes the data order afresh, so the generator's position is all a resumed run needs.
                for (int i = 0; i < order.Length; i++)
                {
                    order[i] = i;
                }

                random.Shuffle(order);
            }

            long started = Stopwatch.GetTimestamp();
            double lossSum = 0;
            for (int start = 0, number = 1; start < data.Count; start += batchSize, number++)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    throw new TrainingCanceledException(reports, cancellationToken);
                }

                int batch = Math.Min(batchSize, data.Count - start);
                ReadOnlySpan<T> x, t, w = default;
                if (Options.Shuffle)
                {
                    gather.Run(
                        data.Inputs, inputs, data.Targets, outputs, weights, order.AsSpan(start, batch), batchInputs,
                        batchTargets, batchWeights);
                    x = batchInputs.AsSpan(0, batch * inputs);
                    t = batchTargets.AsSpan(0, batch * outputs);
                    w = weights.IsEmpty ? default : batchWeights.AsSpan(0, batch);
                }
                else
                {
                    // In data order a batch is a contiguous slice: no copy.
                    x = data.Inputs.Slice(start * inputs, batch * inputs);
                    t = data.Targets.Slice(start * outputs, batch * outputs);
                    w = weights.IsEmpty ? default : weights.Slice(start, batch);
                }

                double loss = Step(x, t, w, batch, epoch, number);

                // The epoch's loss is the (weighted) mean over all its samples: each batch counts by its weight.
                lossSum += LossLayer.WeightSum(w, batch) * loss;
                batchProgress?.Report(new BatchReport(epoch, number, batches, start + batch, loss));
            }

            TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
            Evaluation? checkedOn = validation is null ? null : Evaluator.Evaluate(Network, validation, Options.Loss);
            var report = new EpochReport(epoch, lossSum / totalWeight, data.Count, elapsed) { Validation = checkedOn, LearningRate = Optimizer.LearningRate };
            schedule?.Observe(epoch, checkedOn?.Loss ?? report.TrainLoss);
            // Early stopping has validation data (checked above), so checkedOn is set whenever monitor is.
            bool stop = monitor?.Observe(epoch, checkedOn!.Loss, Network.Parameters.Values) == true;
            State = State.Next(random, schedule?.State ?? []);
            reports.Add(report);
            if (epoch % Options.ReportEvery == 0)
            {
                progress?.Report(report);
            }

            if (stop)
            {
                StoppedEpoch = epoch;
                break;
            }
        }

        if (monitor is not null)
        {
            monitor.RestoreBest(Network.Parameters.Values);
            BestEpoch = monitor.BestEpoch > 0 ? monitor.BestEpoch : null;
        }

        return reports;
    }

    /// <summary>
    /// As <see cref="Fit(Dataset{T}, IProgress{EpochReport}, IProgress{BatchReport}, CancellationToken)"/>, on a thread-pool thread, so that a UI or service thread stays free: progress reaches a
    /// <see cref="Progress{T}"/> created on the UI thread through its synchronization context.
    /// </summary>
    /// <param name="data">The training samples; widths must match the network.</param>
    /// <param name="progress">Optional; receives epoch reports (see <see cref="Fit(Dataset{T}, IProgress{EpochReport}, IProgress{BatchReport}, CancellationToken)"/>).</param>
    /// <param name="batchProgress">Optional; receives a report after every step.</param>
    /// <param name="cancellationToken">Checked before every step.</param>
    /// <returns>A report per epoch, as <see cref="Fit(Dataset{T}, IProgress{EpochReport}, IProgress{BatchReport}, CancellationToken)"/>.</returns>
    /// <exception cref="ArgumentException">The data's widths do not match the network (thrown at once).</exception>
    /// <remarks>
    /// The task fails with <see cref="TrainingDivergedException"/> as <see cref="Fit(Dataset{T}, IProgress{EpochReport}, IProgress{BatchReport}, CancellationToken)"/> does. On cancellation it is
    /// cancelled, and awaiting it throws the <see cref="TrainingCanceledException"/> with the finished epochs' reports;
    /// a token already cancelled when the call is made gives a cancelled task that never started training.
    /// The trainer and its network must not be used by anyone else until the task ends.
    /// </remarks>
    public Task<IReadOnlyList<EpochReport>> FitAsync(
        Dataset<T> data,
        IProgress<EpochReport>? progress = null,
        IProgress<BatchReport>? batchProgress = null,
        CancellationToken cancellationToken = default) =>
        FitAsync(data, null, progress, batchProgress, cancellationToken);

    /// <summary>
    /// As <see cref="Fit(Dataset{T}, Dataset{T}, IProgress{EpochReport}, IProgress{BatchReport}, CancellationToken)"/>,
    /// on a thread-pool thread (see the other overload).
    /// </summary>
    /// <param name="data">The training samples; widths must match the network.</param>
    /// <param name="validation">Held-out samples evaluated after every epoch, or null.</param>
    /// <param name="progress">Optional; receives epoch reports.</param>
    /// <param name="batchProgress">Optional; receives a report after every step.</param>
    /// <param name="cancellationToken">Checked before every step.</param>
    /// <returns>A report per epoch, as Fit.</returns>
    /// <exception cref="ArgumentException">
    /// Widths do not match the network, or early stopping is set without validation data (thrown at once).
    /// </exception>
    public Task<IReadOnlyList<EpochReport>> FitAsync(
        Dataset<T> data,
        Dataset<T>? validation,
        IProgress<EpochReport>? progress = null,
        IProgress<BatchReport>? batchProgress = null,
        CancellationToken cancellationToken = default)
    {
        RequireFitData(data, validation);
        return Task.Run(() => Fit(data, validation, progress, batchProgress, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// One training step on a batch given directly: back-propagation, the finite checks, and the optimizer update.
    /// Returns the batch's loss before the update.
    /// </summary>
    /// <param name="inputs">The samples [batch x inputs], row-major, finite.</param>
    /// <param name="targets">The targets [batch x outputs], row-major, finite.</param>
    /// <param name="batch">Number of samples, 1 to <see cref="TrainingOptions.BatchSize"/>.</param>
    /// <exception cref="ArgumentException">The batch is out of range or a span is not exactly as long as it needs.</exception>
    /// <exception cref="TrainingDivergedException">
    /// The loss or a gradient was not finite, or the loss exceeded <see cref="TrainingOptions.DivergenceFactor"/> times
    /// the reference set by the trainer's first step (epoch 0, batch = this step's number).
    /// </exception>
    public double TrainBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int batch) => TrainBatch(inputs, targets, default, batch);

    /// <summary>
    /// As <see cref="TrainBatch(ReadOnlySpan{T}, ReadOnlySpan{T}, int)"/> with a loss weight per sample: the step minimizes
    /// the weighted mean sum_s w_s L_s / sum_s w_s and returns it.
    /// </summary>
    /// <param name="inputs">The samples [batch x inputs], row-major, finite.</param>
    /// <param name="targets">The targets [batch x outputs], row-major, finite.</param>
    /// <param name="sampleWeights">One positive, finite weight per sample; empty for the unweighted mean.</param>
    /// <param name="batch">Number of samples, 1 to <see cref="TrainingOptions.BatchSize"/>.</param>
    /// <exception cref="ArgumentException">
    /// The batch is out of range, a span is not exactly as long as it needs, or a weight is not positive and finite.
    /// </exception>
    /// <exception cref="TrainingDivergedException">As for <see cref="TrainBatch(ReadOnlySpan{T}, ReadOnlySpan{T}, int)"/>.</exception>
    public double TrainBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, ReadOnlySpan<T> sampleWeights, int batch)
    {
        using Parallelism.Scope limit = Parallelism.Limit(Options.MaxDegreeOfParallelism);
        return Step(inputs, targets, sampleWeights, batch, 0, steps + 1);
    }

    /// <summary>
    /// Throws unless the training data is there and fits the network, and the validation data fits it too and is there
    /// when early stopping needs it.
    /// </summary>
    private void RequireFitData(Dataset<T> data, Dataset<T>? validation)
    {
        ArgumentNullException.ThrowIfNull(data);
        RequireMatchingWidths(Network, data, nameof(data));
        if (validation is not null)
        {
            RequireMatchingWidths(Network, validation, nameof(validation));
        }
        else if (Options.EarlyStopping is not null)
        {
            throw new ArgumentException(
                "Expected validation data: TrainingOptions.EarlyStopping watches the validation loss (as scikit-learn's early_stopping); pass a held-out set, e.g. from Dataset.StratifiedSplit.",
                nameof(validation));
        }
    }

    /// <summary>Throws unless the data's input and target widths are the network's.</summary>
    internal static void RequireMatchingWidths(Network<T> network, Dataset<T> data, string paramName)
    {
        if (data.InputWidth != network.InputCount)
        {
            throw new ArgumentException(
                $"Expected samples of {network.InputCount} inputs (the network's input width), got {data.InputWidth}.", paramName);
        }

        if (data.TargetWidth != network.OutputCount)
        {
            throw new ArgumentException(
                $"Expected targets of {network.OutputCount} values (the network's outputs), got {data.TargetWidth}.", paramName);
        }
    }

    private double Step(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, ReadOnlySpan<T> weights, int batch, int epoch, int number)
    {
        if (drops)
        {
            // Masks come from the shuffling generator, so TrainingState's snapshot of it covers them: a resumed run
            // draws the same masks as one that did not stop. Steps outside Fit continue the last Fit's generator.
            random ??= new DeterministicRandom(State.Shuffle);
            pass.DrawDropoutMasks(random, batch);
        }

        double loss = pass.ComputeGradients(inputs, targets, weights, batch, default);
        if (double.IsNaN(reference))
        {
            // Steps outside Fit: the first one sets the reference, from its own batch.
            reference = ZeroOutputLoss(targets, batch);
            referenceAwaitsFirstLoss = true;
        }

        if (referenceAwaitsFirstLoss && double.IsFinite(loss))
        {
            reference = Math.Max(reference, loss);
            referenceAwaitsFirstLoss = false;
        }

        // One pass over all gradients, unless the pass saw them all finite as it wrote them; only a failure looks for
        // the layer to name. Each thread checks the rows whose gradients it wrote and will update.
        ReadOnlySpan<T> gradients = pass.Gradients.Values;
        if (!double.IsFinite(loss) || (reference > 0 && loss > Options.DivergenceFactor * reference) || (!pass.GradientsKnownFinite && !Reduce.AllFinite(pass.Gradients)))
        {
            throw Diverged(epoch, number, loss);
        }

        Optimizer.Step(Network.Parameters, gradients);
        steps++;
        runSteps++;
        return loss;
    }

    /// <summary>The mean loss over <paramref name="count"/> target rows of a network whose every output logit is zero.</summary>
    private double ZeroOutputLoss(ReadOnlySpan<T> targets, int count)
    {
        int outputs = Network.OutputCount;
        double total = 0;
        for (int s = 0; s < count; s++)
        {
            total += LossLayer.Value<T>(Options.Loss, zeroLogits, zeroOutputs, targets.Slice(s * outputs, outputs), 1, outputs);
        }

        return total / count;
    }

    private TrainingDivergedException Diverged(int epoch, int number, double loss)
    {
        string where = epoch > 0 ? $"Training diverged at epoch {epoch}, batch {number}" : $"Training diverged at step {number}";
        string what = double.IsFinite(loss)
            ? string.Create(CultureInfo.InvariantCulture, $"the loss is {loss:G4}, more than {Options.DivergenceFactor:G4} times the reference loss {reference:G4} (TrainingOptions.DivergenceFactor)")
            : $"the loss is {loss.ToString(CultureInfo.InvariantCulture)}";
        (int layer, string culprit) = Culprit();

        // The update that produced this loss, if any, was applied; this step's was not.
        string state = runSteps == 0
            ? "no update was applied, so the network keeps the parameters it started with"
            : "this step's update was not applied; the network keeps the parameters of the previous update, which produced this loss";
        return new TrainingDivergedException(epoch, number, layer, $"{where}: {what}; {culprit}. {char.ToUpperInvariant(state[0])}{state[1..]}.");
    }

    /// <summary>
    /// The layer to blame: the first with a non-finite parameter, else the first with a non-finite gradient, else the one
    /// with the largest gradient magnitude.
    /// </summary>
    private (int Layer, string Description) Culprit()
    {
        ParameterArena<T> arena = Network.Parameters;
        GradientBuffer<T> gradients = pass.Gradients;
        int layers = arena.Slices.Length;
        for (int i = 0; i < layers; i++)
        {
            if (!Reduce.AllFinite<T>(arena.Weights(i)) || !Reduce.AllFinite<T>(arena.Biases(i)))
            {
                return (i, $"layer {i} has NaN or infinite parameters");
            }
        }

        for (int i = 0; i < layers; i++)
        {
            if (!Reduce.AllFinite<T>(gradients.WeightGradients(i)) || !Reduce.AllFinite<T>(gradients.BiasGradients(i)))
            {
                return (i, $"layer {i} has a NaN or infinite gradient");
            }
        }

        int largest = 0;
        double largestMagnitude = -1;
        for (int i = 0; i < layers; i++)
        {
            double magnitude = Math.Max(LargestMagnitude(gradients.WeightGradients(i)), LargestMagnitude(gradients.BiasGradients(i)));
            if (magnitude > largestMagnitude)
            {
                (largest, largestMagnitude) = (i, magnitude);
            }
        }

        return (largest, string.Create(CultureInfo.InvariantCulture, $"layer {largest} has the largest gradient (|g| up to {largestMagnitude:G3})"));
    }

    // Only on the failure path: a plain loop serves.
    private static double LargestMagnitude(ReadOnlySpan<T> values)
    {
        double largest = 0;
        foreach (T v in values)
        {
            largest = Math.Max(largest, Math.Abs(double.CreateTruncating(v)));
        }

        return largest;
    }
}
