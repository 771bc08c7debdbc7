using System.Globalization;
using System.Numerics;
using VectorNN.Memory;
using VectorNN.Optim;
using VectorNN.Training;

namespace VectorNN.IO;

/// <summary>
/// The optimizer-state file beside a model (its path + <c>.optimizer</c>), written together with the model by
/// <see cref="ModelFile.Save{T}(string, Layers.Network{T}, ModelMetadata, Optimizer{T}, TrainingState?)"/>, from which
/// training resumes exactly.
/// </summary>
/// <remarks>
/// <para>
/// The file is a safetensors file like a model file (see <see cref="ModelFile"/>): one tensor of shape [parameters]
/// per state buffer, named as the optimizer names them (<see cref="Optimizer{T}.StateNames"/>: <c>velocity</c> for
/// momentum; <c>first_moment</c> and <c>second_moment</c> for Adam and AdamW; none for SGD or an optimizer that has not
/// stepped yet), and string metadata: <c>format</c> = <c>vectornn-optimizer</c>; <c>model_sha256</c>, the
/// <c>metadata_sha256</c> of the model file saved with it (which covers that file's weights and metadata);
/// <c>optimizer</c>, the optimizer's <see cref="Optimizer{T}.Name"/>; <c>step_count</c>; <c>parameters</c> (0 before
/// the first step); <c>learning_rate</c>, <c>weight_decay</c>, <c>max_gradient_norm</c>; the optimizer's
/// <see cref="Optimizer{T}.StateHyperparameters"/> (e.g. <c>momentum</c>, or <c>beta1</c>, <c>beta2</c>,
/// <c>epsilon</c>); when a <see cref="TrainingState"/> was saved, <c>epochs_completed</c>, <c>shuffle_state</c>
/// (the shuffling generator's four 64-bit words as 64 hex digits) and the learning-rate schedule's state as
/// <c>schedule.NAME</c> (<see cref="TrainingState.ScheduleState"/>: <c>schedule.rate</c>, <c>schedule.best_loss</c>,
/// <c>schedule.bad_epochs</c> for <see cref="ReduceOnPlateau"/>); and <c>sha256</c> and <c>metadata_sha256</c>.
/// Numbers are invariant-culture text, doubles in round-trip form.
/// </para>
/// <para>
/// The model's digest ties the pair together: a state file beside a model it was not saved with (a save interrupted
/// between its two renames, or a model saved again without its state) is refused, never combined. Files of the earlier
/// format, which lack <c>model_sha256</c>, are refused for the same reason.
/// </para>
/// </remarks>
public static class OptimizerStateFile
{
    /// <summary>The <c>format</c> metadata of an optimizer-state file.</summary>
    public const string Format = "vectornn-optimizer";

    /// <summary>Appended to a model's path to name its optimizer-state file.</summary>
    public const string Suffix = ".optimizer";

    private const string ModelDigestKey = "model_sha256";
    private const string EpochsKey = "epochs_completed";
    private const string ShuffleKey = "shuffle_state";
    private const string SchedulePrefix = "schedule.";

    /// <summary>Metadata keys the file itself uses; an optimizer's own hyperparameters must be named otherwise.</summary>
    private static readonly HashSet<string> ReservedKeys =
    [
        "format", ModelDigestKey, "optimizer", "step_count", "parameters", "learning_rate", "weight_decay", "max_gradient_norm",
        EpochsKey, ShuffleKey, "sha256", SafetensorsFile.MetadataDigestKey,
    ];

    /// <summary>The optimizer-state file of the model at <paramref name="modelPath"/>.</summary>
    public static string PathFor(string modelPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        return modelPath + Suffix;
    }

    /// <summary>
    /// Restores the state saved beside <paramref name="modelPath"/> into <paramref name="optimizer"/>, which must have
    /// the saved <see cref="Optimizer{T}.Name"/> and <see cref="Optimizer{T}.StateHyperparameters"/>, binds it to
    /// <paramref name="arena"/>, whose size must match the saved state, and returns the saved
    /// <see cref="TrainingState"/> (null when none was saved), so that training continues exactly. Returns false,
    /// leaving the optimizer as it was, when there is no state file.
    /// </summary>
    /// <param name="modelPath">The model's path, as given to <see cref="ModelFile.Load(string)"/>.</param>
    /// <param name="model">The model loaded from <paramref name="modelPath"/>: the state must have been saved with it.</param>
    /// <param name="optimizer">The optimizer to restore into; any subclass of <see cref="Optimizer{T}"/>, the user's own included.</param>
    /// <param name="arena">The parameters it will update (the network made from <paramref name="model"/>).</param>
    /// <param name="training">The saved training state, or null.</param>
    /// <remarks>
    /// The learning rate, weight decay and gradient-norm limit are settings, not state: the optimizer keeps its own.
    /// An optimizer saved before its first step is restored unbound, as new.
    /// </remarks>
    /// <exception cref="ModelFormatException">
    /// The state file was saved with another model, is corrupt, or does not fit the optimizer (name, hyperparameters,
    /// precision) or the arena (size); the optimizer is then left as it was.
    /// </exception>
    /// <exception cref="IOException">The state file's path is a folder, device, FIFO or socket, or reading it failed.</exception>
    public static bool TryLoad<T>(string modelPath, LoadedModel model, Optimizer<T> optimizer, ParameterArena<T> arena, out TrainingState? training)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(arena);
        string path = PathFor(modelPath);
        training = null;
        switch (NativeFileSystem.KindOf(path))
        {
            case FileKind.Missing:
                return false;
            case FileKind.Regular:
                break;
            case FileKind.Unknown when File.Exists(path):
                break;
            case FileKind.Unknown:
                return false;
            default:
                // Reading a FIFO would wait for a writer forever; a state file is only ever a regular file.
                throw new IOException($"{path} is not a regular file, so it is not an optimizer state; move it away to train without one.");
        }

        SafetensorsFile file = SafetensorsFile.Read(path);
        ModelFile.RequireFormat(file, Format);
        file.VerifyMetadataDigest();
        if (!file.Metadata.TryGetValue(ModelDigestKey, out string? digest))
        {
            throw file.Error($"the state does not record which model it was saved with (an earlier format), so it cannot be matched to {modelPath}; delete it to resume with a fresh optimizer");
        }

        if (digest != model.Digest)
        {
            throw file.Error($"the state was saved with another model than {modelPath} (an interrupted save, or the model was saved again without it); delete it to resume with a fresh optimizer");
        }

        string saved = file.Require("optimizer");
        if (saved != optimizer.Name)
        {
            throw file.Error($"the state is for optimizer '{saved}', but the optimizer to restore is '{optimizer.Name}'");
        }

        foreach ((string name, double value) in optimizer.StateHyperparameters)
        {
            string text = file.Require(name);
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double stored))
            {
                throw file.Error($"{name} '{text}' is not a number");
            }

            if (stored != value)
            {
                throw file.Error($"the state was saved with {name} = {Text(stored)}, but the optimizer has {Text(value)}; its state would not continue the same training");
            }
        }

        long steps = ModelFile.ParseCount(file, "step_count", long.MaxValue);
        long count = ModelFile.ParseCount(file, "parameters", Array.MaxLength);
        if (count != 0 && count != arena.Count)
        {
            throw file.Error($"the state is for {count} parameters, but the arena has {arena.Count}");
        }

        var expected = new List<(string Name, long[] Shape)>();
        if (count > 0)
        {
            expected.AddRange(optimizer.StateNames.Select(n => (n, new[] { count })));
        }

        ModelFile.RequireTensors(file, expected, $"a {optimizer.Name} optimizer of {count} parameters");
        string dtype = SafetensorsWriter.DType<T>();
        if (file.DType is { } storedType && storedType != dtype)
        {
            throw file.Error($"the state is {storedType}, but the optimizer works in {dtype}");
        }

        TrainingState? state = ParseTrainingState(file);
        file.VerifyTensorDigest();
        var buffers = file.Tensors.Select(t => ModelFile.Finite(file, file.Values<T>(t.Begin, t.End))).ToArray();
        optimizer.Restore((int)count, steps);
        for (int i = 0; i < buffers.Length; i++)
        {
            buffers[i].CopyTo(optimizer.GetStateBuffer(i));
        }

        training = state;
        return true;
    }

    /// <summary>
    /// The metadata of <paramref name="optimizer"/>'s state, and its buffers as tensors, without the model's digest
    /// (<see cref="WithModel"/> adds it once the model is written).
    /// </summary>
    /// <exception cref="ArgumentException">The optimizer's name, state names or hyperparameter names are empty, repeated or reserved.</exception>
    internal static (List<TensorData<T>> Tensors, List<KeyValuePair<string, string>> Metadata) Describe<T>(Optimizer<T> optimizer, TrainingState? training)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        string name = optimizer.Name;
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException($"Expected an optimizer with a name, got {optimizer.GetType().Name} whose Name is empty.", nameof(optimizer));
        }

        int count = optimizer.BoundParameterCount;
        var metadata = new List<KeyValuePair<string, string>>
        {
            new("format", Format),
            new("optimizer", name),
            new("step_count", optimizer.StepCount.ToString(CultureInfo.InvariantCulture)),
            new("parameters", count.ToString(CultureInfo.InvariantCulture)),
            new("learning_rate", Text(optimizer.LearningRate)),
            new("weight_decay", Text(optimizer.WeightDecay)),
            new("max_gradient_norm", Text(optimizer.MaxGradientNorm)),
        };
        var keys = new HashSet<string>(ReservedKeys, StringComparer.Ordinal);
        foreach ((string key, double value) in optimizer.StateHyperparameters)
        {
            if (string.IsNullOrEmpty(key) || !keys.Add(key) || key.StartsWith(SchedulePrefix, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Expected distinct hyperparameter names other than {string.Join(", ", ReservedKeys)} and {SchedulePrefix}*, got '{key}' from {name}.", nameof(optimizer));
            }

            metadata.Add(new(key, Text(value)));
        }

        if (training is not null)
        {
            metadata.Add(new(EpochsKey, training.EpochsCompleted.ToString(CultureInfo.InvariantCulture)));
            metadata.Add(new(ShuffleKey, training.ShuffleText()));
            metadata.AddRange(training.ScheduleState.Select(p => new KeyValuePair<string, string>(SchedulePrefix + p.Key, Text(p.Value))));
        }

        var tensors = new List<TensorData<T>>();
        var names = new HashSet<string>(StringComparer.Ordinal) { SafetensorsFile.MetadataKey };
        for (int i = 0; i < optimizer.StateNames.Count; i++)
        {
            string state = optimizer.StateNames[i];
            if (string.IsNullOrEmpty(state) || !names.Add(state))
            {
                throw new ArgumentException($"Expected distinct, non-empty state names other than {SafetensorsFile.MetadataKey}, got '{state}' from {name}.", nameof(optimizer));
            }

            if (count > 0)
            {
                tensors.Add(new(state, [count], optimizer.GetStateBuffer(i).ToArray()));
            }
        }

        return (tensors, metadata);
    }

    /// <summary>The metadata with the digest of the model it is saved with.</summary>
    internal static List<KeyValuePair<string, string>> WithModel(List<KeyValuePair<string, string>> metadata, string modelDigest) =>
        [.. metadata, new(ModelDigestKey, modelDigest)];

    private static TrainingState? ParseTrainingState(SafetensorsFile file)
    {
        bool hasEpochs = file.Metadata.TryGetValue(EpochsKey, out _);
        bool hasShuffle = file.Metadata.TryGetValue(ShuffleKey, out string? shuffle);
        if (!hasEpochs && !hasShuffle)
        {
            return null;
        }

        long epochs = ModelFile.ParseCount(file, EpochsKey, int.MaxValue);
        var schedule = new List<KeyValuePair<string, double>>();
        foreach ((string key, string text) in file.Metadata.Where(p => p.Key.StartsWith(SchedulePrefix, StringComparison.Ordinal)))
        {
            // Infinity is a valid best loss before the first epoch's; NaN is never state.
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || double.IsNaN(value))
            {
                throw file.Error($"{key} '{text}' is not a number");
            }

            schedule.Add(new(key[SchedulePrefix.Length..], value));
        }

        return hasShuffle && TrainingState.TryCreate((int)epochs, shuffle!, schedule, out TrainingState? state)
            ? state
            : throw file.Error($"{ShuffleKey} is '{shuffle}', expected 64 lower-case hex digits, not all zero, beside {EpochsKey}");
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
