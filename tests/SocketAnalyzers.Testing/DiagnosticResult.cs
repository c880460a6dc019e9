using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SocketAnalyzers.Testing;

/// <summary>
/// One expected diagnostic: an ID, where it is (markup only, never line/column), and optionally its
/// message, message arguments and severity. Immutable: every <c>With...</c> returns a copy.
/// Same shape as Microsoft.CodeAnalysis.Testing's <c>DiagnosticResult</c>.
/// </summary>
public readonly struct DiagnosticResult
{
    public static DiagnosticResult[] EmptyDiagnosticResults { get; } = Array.Empty<DiagnosticResult>();

    private readonly ImmutableArray<int> markupKeys;
    private readonly ImmutableArray<ExpectedSpan> spans;
    private readonly ImmutableArray<object?> messageArguments;

    public DiagnosticResult(string id)
        : this(id, severity: null, message: null, messageArguments: default, markupKeys: default, spans: default)
    {
    }

    public DiagnosticResult(DiagnosticDescriptor descriptor)
        : this(descriptor.Id)
    {
    }

    private DiagnosticResult(
        string id,
        DiagnosticSeverity? severity,
        string? message,
        ImmutableArray<object?> messageArguments,
        ImmutableArray<int> markupKeys,
        ImmutableArray<ExpectedSpan> spans)
    {
        Id = id;
        Severity = severity;
        Message = message;
        this.messageArguments = messageArguments;
        this.markupKeys = markupKeys;
        this.spans = spans;
    }

    public string Id { get; }

    /// <summary>Checked only when set.</summary>
    public DiagnosticSeverity? Severity { get; }

    /// <summary>The exact formatted message; checked only when set.</summary>
    public string? Message { get; }

    /// <summary>Arguments formatted into the reported diagnostic's message format; checked only when set.</summary>
    public ImmutableArray<object?>? MessageArguments => messageArguments.IsDefault ? null : messageArguments;

    /// <summary>Numbered markup locations (<c>{|#0:...|}</c>); the first is the primary location.</summary>
    public ImmutableArray<int> MarkupKeys => markupKeys.IsDefault ? ImmutableArray<int>.Empty : markupKeys;

    public bool HasLocation => !MarkupKeys.IsEmpty || !Spans.IsEmpty;

    internal ImmutableArray<ExpectedSpan> Spans => spans.IsDefault ? ImmutableArray<ExpectedSpan>.Empty : spans;

    public static DiagnosticResult CompilerError(string id) => new DiagnosticResult(id).WithSeverity(DiagnosticSeverity.Error);

    public static DiagnosticResult CompilerWarning(string id) => new DiagnosticResult(id).WithSeverity(DiagnosticSeverity.Warning);

    /// <summary>Adds the numbered markup location <c>{|#markupKey:...|}</c>; call again for additional locations.</summary>
    public DiagnosticResult WithLocation(int markupKey) =>
        new(Id, Severity, Message, messageArguments, MarkupKeys.Add(markupKey), spans);

    public DiagnosticResult WithArguments(params object?[] arguments) =>
        new(Id, Severity, Message, arguments.ToImmutableArray(), markupKeys, spans);

    public DiagnosticResult WithSeverity(DiagnosticSeverity severity) =>
        new(Id, severity, Message, messageArguments, markupKeys, spans);

    public DiagnosticResult WithMessage(string message) =>
        new(Id, Severity, message, messageArguments, markupKeys, spans);

    internal DiagnosticResult WithSpan(string filePath, TextSpan span) =>
        new(Id, Severity, Message, messageArguments, markupKeys, Spans.Add(new ExpectedSpan(filePath, span)));

    /// <summary>Replaces the markup keys by the spans they name in the parsed test state.</summary>
    internal DiagnosticResult WithResolvedKeys(IReadOnlyDictionary<int, ExpectedSpan> numberedSpans)
    {
        DiagnosticResult result = new(Id, Severity, Message, messageArguments, markupKeys: default, spans);
        foreach (int key in MarkupKeys)
        {
            if (!numberedSpans.TryGetValue(key, out ExpectedSpan span))
            {
                throw new InvalidOperationException(
                    $"Diagnostic {Id} refers to markup location {{|#{key}:...|}}, which is not in the test code.");
            }

            result = result.WithSpan(span.FilePath, span.Span);
        }

        return result;
    }

    public override string ToString()
    {
        string text = Id;
        if (Severity is { } severity)
        {
            text += " " + severity;
        }

        if (MarkupKeys.Length > 0)
        {
            text += " at " + string.Join(", ", MarkupKeys.Select(key => "{|#" + key.ToString(CultureInfo.InvariantCulture) + ":|}"));
        }

        if (MessageArguments is { } arguments)
        {
            text += " with arguments (" + string.Join(", ", arguments.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture))) + ")";
        }

        if (Message is not null)
        {
            text += " with message \"" + Message + "\"";
        }

        return text;
    }
}

/// <summary>An expected span in one document of the test project, found from markup.</summary>
internal readonly record struct ExpectedSpan(string FilePath, TextSpan Span);
