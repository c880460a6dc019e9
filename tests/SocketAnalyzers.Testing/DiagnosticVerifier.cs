using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SocketAnalyzers.Testing;

/// <summary>
/// Matches expected diagnostics to reported ones (ID + span, and message/arguments/severity when given),
/// and on a difference fails with both sets, their line:col and source text, and the reported set as markup.
/// </summary>
internal static class DiagnosticVerifier
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static void Verify(
        string stateName,
        TestState state,
        ImmutableArray<ActualDiagnostic> actual,
        bool ignoreUnexpectedCompilerDiagnostics)
    {
        List<ActualDiagnostic> unmatched = actual.ToList();
        List<DiagnosticResult> missing = new();

        // Most constrained expectations first, so a loose one cannot take the diagnostic a precise one needs.
        foreach (DiagnosticResult expected in state.ExpectedDiagnostics.OrderByDescending(Constraints))
        {
            int index = unmatched.FindIndex(a => Matches(expected, a.Diagnostic));
            if (index < 0)
            {
                missing.Add(expected);
            }
            else
            {
                unmatched.RemoveAt(index);
            }
        }

        List<ActualDiagnostic> unexpected = unmatched
            .Where(a => !(ignoreUnexpectedCompilerDiagnostics && a.FromCompiler))
            .ToList();
        if (missing.Count == 0 && unexpected.Count == 0)
        {
            return;
        }

        StringBuilder message = new();
        message.Append(stateName).Append(": the diagnostics differ from the expected ones.");
        if (unexpected.Any(a => a.FromCompiler && a.Diagnostic.Severity == DiagnosticSeverity.Error))
        {
            message.Append(" It does not compile.");
        }

        message.AppendLine().AppendLine();
        AppendSection(message, "Missing (expected, not reported)", missing.Select(e => Describe(e, state)));
        AppendSection(message, "Unexpected (reported, not expected)", unexpected.Select(a => Describe(a.Diagnostic)));
        AppendSection(message, "All expected", state.ExpectedDiagnostics.Select(e => Describe(e, state)));
        AppendSection(message, "All reported", actual.Select(a => Describe(a.Diagnostic)));
        message.AppendLine("Reported diagnostics as markup:");
        foreach (TestDocument document in state.Documents)
        {
            message.AppendLine("// " + document.FileName).AppendLine(RenderMarkup(document, actual));
        }

        throw new VerificationException(message.ToString());
    }

    private static bool Matches(DiagnosticResult expected, Diagnostic actual)
    {
        if (expected.Id != actual.Id)
        {
            return false;
        }

        ImmutableArray<ExpectedSpan> spans = expected.Spans;
        if (spans.IsEmpty)
        {
            if (actual.Location.IsInSource)
            {
                return false;
            }
        }
        else
        {
            if (!IsAt(actual.Location, spans[0]))
            {
                return false;
            }

            // Additional locations are checked only when the test names them.
            if (spans.Length > 1 &&
                (actual.AdditionalLocations.Count != spans.Length - 1 ||
                 !actual.AdditionalLocations.Select((location, i) => IsAt(location, spans[i + 1])).All(b => b)))
            {
                return false;
            }
        }

        if (expected.Severity is { } severity && actual.Severity != severity)
        {
            return false;
        }

        string actualMessage = actual.GetMessage(Culture);
        if (expected.Message is { } expectedMessage && expectedMessage != actualMessage)
        {
            return false;
        }

        return expected.MessageArguments is not { } arguments || FormatMessage(actual.Descriptor, arguments) == actualMessage;
    }

    private static string? FormatMessage(DiagnosticDescriptor descriptor, ImmutableArray<object?> arguments)
    {
        try
        {
            return string.Format(Culture, descriptor.MessageFormat.ToString(Culture), arguments.ToArray());
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool IsAt(Location location, ExpectedSpan span) =>
        location.IsInSource && location.SourceTree!.FilePath == span.FilePath && location.SourceSpan == span.Span;

    private static int Constraints(DiagnosticResult result) =>
        result.Spans.Length + (result.Severity is null ? 0 : 1) + (result.Message is null ? 0 : 1) + (result.MessageArguments is null ? 0 : 1);

    private static void AppendSection(StringBuilder message, string title, IEnumerable<string> lines)
    {
        List<string> items = lines.ToList();
        message.Append(title).Append(" (").Append(items.Count).AppendLine("):");
        foreach (string item in items)
        {
            message.Append("  ").AppendLine(item);
        }

        message.AppendLine();
    }

    private static string Describe(DiagnosticResult expected, TestState state)
    {
        StringBuilder text = new(expected.Id);
        if (expected.Severity is { } severity)
        {
            text.Append(' ').Append(severity);
        }

        if (expected.Spans.IsEmpty)
        {
            text.Append(" without a location");
        }

        foreach (ExpectedSpan span in expected.Spans)
        {
            TestDocument? document = state.FindDocument(span.FilePath);
            text.Append(document is null ? " at " + span : " at " + Describe(document.FileName, SourceText.From(document.Text), span.Span));
        }

        if (expected.MessageArguments is { } arguments)
        {
            text.Append(" with arguments (").Append(string.Join(", ", arguments.Select(a => Convert.ToString(a, Culture)))).Append(')');
        }

        if (expected.Message is not null)
        {
            text.Append(" with message \"").Append(expected.Message).Append('"');
        }

        return text.ToString();
    }

    private static string Describe(Diagnostic actual)
    {
        string where = actual.Location.IsInSource
            ? Describe(System.IO.Path.GetFileName(actual.Location.SourceTree!.FilePath), actual.Location.SourceTree.GetText(), actual.Location.SourceSpan)
            : "(no location)";
        return $"{actual.Id} {actual.Severity} at {where}: \"{actual.GetMessage(Culture)}\"";
    }

    /// <summary><c>Test0.cs(3,9): `text`</c>: the line:col is for the reader only; tests never state it.</summary>
    private static string Describe(string fileName, SourceText text, TextSpan span)
    {
        LinePosition start = text.Lines.GetLinePosition(span.Start);
        string snippet = text.ToString(span).Replace("\r", string.Empty).Replace("\n", "⏎");
        if (snippet.Length > 80)
        {
            snippet = snippet.Substring(0, 77) + "...";
        }

        return $"{fileName}({start.Line + 1},{start.Character + 1}) `{snippet}`";
    }

    /// <summary>The document with the reported diagnostics inserted as <c>{|ID:...|}</c>, ready to paste into a test.</summary>
    private static string RenderMarkup(TestDocument document, ImmutableArray<ActualDiagnostic> actual)
    {
        // (position, rank, tie-break, text): at one position, closings come first (innermost first),
        // then empty spans, then openings (outermost first), so nested and adjacent spans render correctly.
        List<(int Position, int Rank, int TieBreak, string Text)> inserts = new();
        foreach (Diagnostic diagnostic in actual.Select(a => a.Diagnostic)
            .Where(d => d.Location.IsInSource && d.Location.SourceTree!.FilePath == document.FilePath))
        {
            TextSpan span = diagnostic.Location.SourceSpan;
            if (span.IsEmpty)
            {
                inserts.Add((span.Start, 1, 0, "{|" + diagnostic.Id + ":|}"));
            }
            else
            {
                inserts.Add((span.End, 0, -span.Start, "|}"));
                inserts.Add((span.Start, 2, -span.End, "{|" + diagnostic.Id + ":"));
            }
        }

        StringBuilder text = new(document.Text);
        foreach (var insert in inserts.OrderByDescending(i => i.Position).ThenByDescending(i => i.Rank).ThenByDescending(i => i.TieBreak))
        {
            text.Insert(insert.Position, insert.Text);
        }

        return text.ToString();
    }
}
