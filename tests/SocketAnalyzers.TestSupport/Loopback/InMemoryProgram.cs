using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SocketAnalyzers.TestSupport.Loopback;

/// <summary>
/// A small C# program (e.g. the output of a code fix) compiled in memory against the running runtime's own
/// assemblies and loaded into a collectible <see cref="AssemblyLoadContext"/>, so a test can run its methods
/// against real sockets. Dispose unloads it.
/// </summary>
public sealed class InMemoryProgram : IDisposable
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_runtimeReferences = new(LoadRuntimeReferences);

    private readonly AssemblyLoadContext _context;

    private InMemoryProgram(AssemblyLoadContext context, Assembly assembly, string source)
    {
        _context = context;
        Assembly = assembly;
        Source = source;
    }

    public Assembly Assembly { get; }

    public string Source { get; }

    /// <summary>
    /// Compiles <paramref name="source"/>; throws <see cref="InvalidOperationException"/> with the diagnostics and the
    /// numbered source when it does not compile (warnings count as errors unless <paramref name="allowWarnings"/>, as
    /// in a project with TreatWarningsAsErrors).
    /// </summary>
    public static InMemoryProgram Compile(string source, LanguageVersion languageVersion = LanguageVersion.Latest, bool allowWarnings = false)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(languageVersion), path: "Program.cs");
        var name = "LoopbackProgram_" + Guid.NewGuid().ToString("N");
        var compilation = CSharpCompilation.Create(
            name,
            new[] { tree },
            s_runtimeReferences.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));

        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var problems = result.Diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error || (!allowWarnings && d.Severity == DiagnosticSeverity.Warning && !d.IsSuppressed))
            .ToList();
        if (!result.Success || problems.Count > 0)
        {
            throw new InvalidOperationException(
                "The program does not compile (C# " + languageVersion.ToDisplayString() + "):" + Environment.NewLine +
                string.Join(Environment.NewLine, problems) + Environment.NewLine + Numbered(source));
        }

        image.Position = 0;
        var context = new AssemblyLoadContext(name, isCollectible: true);
        return new InMemoryProgram(context, context.LoadFromStream(image), source);
    }

    /// <summary>The public static method <paramref name="typeAndMethod"/> ("Namespace.Type.Method").</summary>
    public MethodInfo Method(string typeAndMethod)
    {
        var dot = typeAndMethod.LastIndexOf('.');
        if (dot <= 0)
        {
            throw new ArgumentException("Expected \"Type.Method\".", nameof(typeAndMethod));
        }

        var type = Assembly.GetType(typeAndMethod.Substring(0, dot), throwOnError: true)!;
        return type.GetMethod(typeAndMethod.Substring(dot + 1), BindingFlags.Public | BindingFlags.Static)
            ?? throw new ArgumentException($"No public static method {typeAndMethod} in the program.", nameof(typeAndMethod));
    }

    /// <summary>
    /// Runs <paramref name="method"/> on a thread-pool thread (so a blocking call cannot block the caller) and waits
    /// for it, awaiting a returned Task/ValueTask, at most <paramref name="timeout"/>.
    /// </summary>
    public static async Task<ProgramOutcome> InvokeAsync(MethodInfo method, object?[] arguments, TimeSpan timeout)
    {
        var run = Task.Run(async () =>
        {
            object? returned;
            try
            {
                returned = method.Invoke(null, arguments);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }

            return await AwaitIfTask(returned).ConfigureAwait(false);
        });

        try
        {
            return ProgramOutcome.ReturnedWith(await run.WaitAsync(timeout).ConfigureAwait(false));
        }
        catch (TimeoutException) when (!run.IsCompleted)
        {
            return ProgramOutcome.RanPastDeadline();
        }
        catch (Exception e)
        {
            return ProgramOutcome.Threw(e);
        }
    }

    public void Dispose() => _context.Unload();

    private static async Task<object?> AwaitIfTask(object? returned)
    {
        switch (returned)
        {
            case Task task:
                await task.ConfigureAwait(false);
                var type = task.GetType();
                // Task<T>.Result; a plain Task (or the runtime's VoidTaskResult) has no value to report.
                return type.IsGenericType && type.GetGenericArguments()[0].Name != "VoidTaskResult"
                    ? type.GetProperty("Result")!.GetValue(task)
                    : null;
            case ValueTask valueTask:
                await valueTask.ConfigureAwait(false);
                return null;
            default:
                var returnedType = returned?.GetType();
                if (returnedType is { IsGenericType: true } && returnedType.GetGenericTypeDefinition() == typeof(ValueTask<>))
                {
                    var asTask = (Task)returnedType.GetMethod("AsTask")!.Invoke(returned, null)!;
                    return await AwaitIfTask(asTask).ConfigureAwait(false);
                }

                return returned;
        }
    }

    /// <summary>
    /// The trusted platform assemblies of the shared framework the tests run on (the directory of System.Private.CoreLib):
    /// the program sees the same APIs it will run against, and none of the test's own dependencies.
    /// </summary>
    private static ImmutableArray<MetadataReference> LoadRuntimeReferences()
    {
        var trusted = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string)
            ?? throw new InvalidOperationException("The runtime does not report TRUSTED_PLATFORM_ASSEMBLIES.");
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return trusted.Split(Path.PathSeparator)
            .Where(path => path.Length > 0 && string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal))
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }

    private static string Numbered(string source)
    {
        var lines = source.Split('\n');
        var numbered = new List<string>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            numbered.Add($"{i + 1,4}: {lines[i].TrimEnd('\r')}");
        }

        return string.Join(Environment.NewLine, numbered);
    }
}
