using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("CrmSync.Silo.Tests")]
