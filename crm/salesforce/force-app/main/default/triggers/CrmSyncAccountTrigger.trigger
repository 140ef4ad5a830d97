trigger CrmSyncAccountTrigger on Account (after insert, after update, after delete, after undelete) {
    CrmSyncTriggerHandler.handle();
}
