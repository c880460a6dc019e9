using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Text;

namespace SocketAnalyzers.CodeFixes;

/// <summary>
/// Inserted code follows the file's own indentation. Formatting after a fix uses the document's options, which
/// default to spaces when no .editorconfig says otherwise; a file indented with tabs would get lines indented with
/// spaces. So where the file indents with tabs, the inserted code is formatted here and its indentation written with
/// tabs.
/// </summary>
internal static class FileIndentation
{
    /// <summary>The formatter's default indentation: one tab stands for this many spaces.</summary>
    private const int IndentSize = 4;

    public static async Task<Document> FollowAsync(Document original, Document changed, CancellationToken cancellationToken)
    {
        var text = await original.GetTextAsync(cancellationToken).ConfigureAwait(false);
        if (!IndentsWithTabs(text))
        {
            return changed;
        }

        // Format what the fix marked as the default pass would, then turn the leading spaces it wrote into tabs. Lines
        // the fix did not touch start with tabs already. Going through text drops the formatting marks, so the pass
        // after the fix has nothing left to redo.
        var formatted = await Formatter.FormatAsync(changed, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        var formattedText = await formatted.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var changes = new List<TextChange>();
        foreach (var line in formattedText.Lines)
        {
            var spaces = 0;
            while (line.Start + spaces < line.End && formattedText[line.Start + spaces] == ' ')
            {
                spaces++;
            }

            if (spaces >= IndentSize)
            {
                var indent = new string('\t', spaces / IndentSize) + new string(' ', spaces % IndentSize);
                changes.Add(new TextChange(new TextSpan(line.Start, spaces), indent));
            }
        }

        return changes.Count == 0 ? formatted : formatted.WithText(formattedText.WithChanges(changes));
    }

    /// <summary>Most indented lines start with a tab.</summary>
    private static bool IndentsWithTabs(SourceText text)
    {
        var tabs = 0;
        var spaces = 0;
        foreach (var line in text.Lines)
        {
            if (line.Span.IsEmpty)
            {
                continue;
            }

            switch (text[line.Start])
            {
                case '\t':
                    tabs++;
                    break;
                case ' ':
                    spaces++;
                    break;
            }
        }

        return tabs > spaces;
    }
}
