using CrmSync.DataverseEmulator.Schema;
using CrmSync.DataverseEmulator.Storage;

namespace CrmSync.DataverseEmulator.Records;

/// <summary>
/// Deletes a row with Dataverse's relationship behaviour: rows under a parental relationship are
/// deleted too (an account's contacts), other lookups to the row are cleared.
/// </summary>
public static class RecordCascade
{
    public static void Delete(WriteSession session, DataverseSchema schema, Row row, Action<WriteSession, Row> stamp) =>
        Delete(session, schema, row, stamp, new HashSet<(string, Guid)>());

    private static void Delete(WriteSession session, DataverseSchema schema, Row row, Action<WriteSession, Row> stamp, HashSet<(string, Guid)> deleting)
    {
        if (!deleting.Add((row.Table.LogicalName, row.Id)))
        {
            return;
        }

        foreach (var table in schema.Tables)
        {
            foreach (var column in table.Columns)
            {
                foreach (var target in column.Targets.Where(target => target.Table == row.Table.LogicalName))
                {
                    foreach (var referencing in session.FindReferencing(table, column, target.Table, row.Id))
                    {
                        if (target.OnTargetDelete == DeleteBehavior.Cascade)
                        {
                            Delete(session, schema, referencing, stamp, deleting);
                        }
                        else if (!deleting.Contains((table.LogicalName, referencing.Id)))
                        {
                            referencing[column.LogicalName] = null;
                            stamp(session, referencing);
                            session.Update(referencing);
                        }
                    }
                }
            }
        }

        session.Delete(row.Table, row.Id);
    }
}
