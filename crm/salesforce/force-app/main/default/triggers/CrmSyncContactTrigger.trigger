trigger CrmSyncContactTrigger on Contact (after insert, after update, after delete, after undelete) {
    CrmSyncTriggerHandler.handle();
}
